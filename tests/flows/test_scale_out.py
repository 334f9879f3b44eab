"""Scale-out on a real Dask cluster (a local scheduler and two workers): the same rows as the thread runner."""

import pytest
from prefect_dask import DaskTaskRunner

from flows.ingest import backfill_flow
from tests.conftest import LOOPBACK
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")
COUNTS = """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
                  (SELECT count(*) FROM mentions), (SELECT count(*) FROM fetches), (SELECT count(*) FROM runs)"""


def test_a_backfill_on_a_dask_cluster_stores_what_the_thread_runner_stores(
    demo_site, db_path, tmp_path, prefect_api_url, monkeypatch
):
    monkeypatch.setenv("PREFECT_API_URL", prefect_api_url)  # the workers report to the session's server
    urls = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles]
    urls.append(f"{demo_site.base}/reprint/zhipu-funding.html")
    options = {**LOOPBACK, "batch_size": 3, "workers": 0}
    threads_db = tmp_path / "threads" / "newsdesk.duckdb"
    on_threads = backfill_flow(urls, db=str(threads_db), options=options)

    cluster = {"n_workers": 2, "threads_per_worker": 1, "processes": False, "dashboard_address": None}
    on_dask = backfill_flow.with_options(task_runner=DaskTaskRunner(cluster_kwargs=cluster))(
        urls, db=str(db_path), options=options
    )

    assert on_dask["status"] == "completed", on_dask["summary"]["failures"]
    assert (on_dask["new_articles"], on_dask["duplicates"], on_dask["mentions"]) == (
        on_threads["new_articles"],
        on_threads["duplicates"],
        on_threads["mentions"],
    )
    assert on_dask["new_articles"] > 0
    assert run_query(db_path, COUNTS).rows == run_query(threads_db, COUNTS).rows
