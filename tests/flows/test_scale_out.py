"""Scale-out on a real Dask cluster (a local scheduler and two worker processes): the same rows as the thread runner."""

import pytest
from prefect_dask import DaskTaskRunner

from flows.ingest import backfill_flow
from tests.conftest import LOOPBACK
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")


# What a run stored, without what differs between two runs by design (run ids, fetch times, load order).
STORED = """SELECT (SELECT list((article_id, content_hash, duplicate_of, cluster_id, title) ORDER BY article_id) FROM articles),
                   (SELECT list((article_id, entity_id, start, "end") ORDER BY article_id, start, entity_id) FROM mentions),
                   (SELECT list((url, outcome, article_id) ORDER BY url) FROM fetches),
                   (SELECT list((article_id, minhash) ORDER BY article_id) FROM signatures)"""


def test_a_backfill_on_a_dask_cluster_stores_what_the_thread_runner_stores(
    demo_site, db_path, tmp_path, prefect_api_url, monkeypatch
):
    """Tasks run in two worker processes; the spool is a path both reach, and loads happen in the flow's process."""
    monkeypatch.setenv("PREFECT_API_URL", prefect_api_url)  # the workers report to the session's server
    urls = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles]
    urls.append(f"{demo_site.base}/reprint/zhipu-funding.html")
    cluster = {"n_workers": 2, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
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
    threads_db = tmp_path / "threads" / "newsdesk.duckdb"
    backfill_flow(urls, db=str(threads_db), options={**LOOPBACK, "batch_size": 3})
    assert run_query(db_path, STORED).rows == run_query(threads_db, STORED).rows
