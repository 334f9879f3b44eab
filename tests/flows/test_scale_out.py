"""Scale-out on a real Dask cluster (a local scheduler and two workers): the same rows as the thread runner."""

import pytest
from prefect_dask import DaskTaskRunner

from flows.ingest import backfill_flow
from tests.conftest import LOOPBACK
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_a_backfill_on_a_dask_cluster_stores_every_article(demo_site, db_path, prefect_api_url, monkeypatch):
    """The thread runner's numbers for the same pages are in tests/flows/test_ingest.py and test_faults.py."""
    monkeypatch.setenv("PREFECT_API_URL", prefect_api_url)  # the workers report to the session's server
    urls = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles]
    urls.append(f"{demo_site.base}/reprint/zhipu-funding.html")
    cluster = {"n_workers": 2, "threads_per_worker": 1, "processes": False, "dashboard_address": None}
    runner = DaskTaskRunner(cluster_kwargs=cluster)

    result = backfill_flow.with_options(task_runner=runner)(
        urls, db=str(db_path), options={**LOOPBACK, "batch_size": 3}
    )

    assert result["status"] == "completed", result["summary"]["failures"]
    on_topic = len(demo_site.articles) - 1  # one sample article (新能源汽车) is off-topic by design
    assert (result["new_articles"], result["duplicates"], result["summary"]["batches"]) == (on_topic, 1, 4)
    counts = run_query(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM fetches)").rows
    assert counts == [(on_topic + 1, len(urls))]
    assert result["mentions"] == run_query(db_path, "SELECT count(*) FROM mentions").rows[0][0] > 0
