"""The real flows, on a real Prefect server, against real loopback HTTP, into a real DuckDB file."""

import pytest

from flows.ingest import backfill_flow, demo_flow, import_seeds_flow
from tests.conftest import LOOPBACK
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")


def q(db, sql):
    return run_query(db, sql).rows


def test_demo_flow_end_to_end_and_rerun(demo_site, db_path):
    result = demo_flow([demo_site.feed_url, demo_site.sitemap_url], db=str(db_path), options=LOOPBACK)
    assert result["status"] == "completed"
    n = len(demo_site.articles) - 1  # one sample article (新能源汽车) is off-topic by design
    assert (result["discovered"], result["fetched"], result["new_articles"], result["duplicates"]) == (
        n + 3,
        n + 2,
        n,
        1,
    )

    # the mirrored page is stored, linked to the original
    [(dup_url, original_url)] = q(
        db_path, "SELECT d.url, o.url FROM articles d JOIN articles o ON d.duplicate_of = o.article_id"
    )
    assert "/reprint/zhipu-funding" in dup_url and "/news/zhipu-funding" in original_url
    # GBK and Big5 pages decoded; the Traditional one is marked and tagged
    assert q(db_path, "SELECT encoding FROM fetches WHERE url LIKE '%minimax-hailuo%'") == [("gb18030",)]
    stepfun = q(
        db_path,
        "SELECT a.script, list(DISTINCT m.surface ORDER BY m.surface)"
        " FROM articles a JOIN mentions m USING (article_id)"
        " WHERE a.url LIKE '%stepfun%' AND m.entity_id = 'stepfun' GROUP BY a.script",
    )
    assert stepfun == [("Hant", ["階躍星辰"])]
    # every mention's offsets point at its surface in the stored text
    assert q(
        db_path,
        'SELECT count(*) FROM mentions JOIN articles USING (article_id) WHERE text[start + 1 : "end"] <> surface',
    ) == [(0,)]
    # the off-topic article is archived and recorded, not loaded; the 404 is a fetches row with its message
    assert q(db_path, "SELECT count(*) FROM articles WHERE url LIKE '%ev-sales%'") == [(0,)]
    [(outcome, error)] = q(db_path, "SELECT outcome, error FROM fetches WHERE url LIKE '%ev-sales%'")
    assert outcome == "off_topic" and "relevance 0 < 1" in error
    assert result["failed"] == 1  # off-topic is a decision, not a failure
    assert q(db_path, "SELECT outcome, error FROM fetches WHERE url LIKE '%withdrawn%'") == [
        ("http_error", "HTTP 404 Not Found")
    ]
    assert q(db_path, "SELECT flow, status, new_articles FROM runs") == [("demo", "completed", n)]
    # tracking parameters from the feed did not create second copies
    assert q(db_path, "SELECT count(*) FROM articles WHERE canonical_url LIKE '%utm_%'") == [(0,)]

    before = q(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions)")
    again = demo_flow([demo_site.feed_url, demo_site.sitemap_url], db=str(db_path), options=LOOPBACK)
    # feed and sitemap answer 304 to the stored ETags; the 404 is permanent and not retried
    assert again["summary"]["sources"]["demo"]["not_modified"] == 2
    assert (again["discovered"], again["new_articles"], again["summary"]["retried"]) == (0, 0, 0)
    assert q(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions)") == before


def test_backfill_bad_input_is_recorded_and_the_rest_loads(web, demo_site, db_path):
    html = {"Content-Type": "text/html; charset=utf-8"}
    web.expect_request("/gone").respond_with_data("not here", status=404)
    web.expect_request("/data.json").respond_with_data('{"a": 1}', headers={"Content-Type": "application/json"})
    web.expect_request("/blank").respond_with_data("<html><body></body></html>", headers=html)
    good = f"{demo_site.base}/news/kimi-long-context.html"
    urls = [good, web.url_for("/gone"), web.url_for("/data.json"), web.url_for("/blank")]
    result = backfill_flow(
        urls, db=str(db_path), options=LOOPBACK, problems=["line 3: 'garbage': not an absolute URL (no scheme)"]
    )
    assert result["status"] == "completed"
    assert result["new_articles"] == 1
    outcomes = dict(q(db_path, "SELECT regexp_extract(url, '[^/]+$'), outcome FROM fetches"))
    assert outcomes == {
        "kimi-long-context.html": "ok",
        "gone": "http_error",
        "data.json": "not_html",
        "blank": "no_article",
    }
    assert all(e for (e,) in q(db_path, "SELECT error FROM fetches WHERE outcome <> 'ok'"))
    assert result["summary"]["problems"] == ["line 3: 'garbage': not an absolute URL (no scheme)"]

    again = backfill_flow(urls, db=str(db_path), options=LOOPBACK)
    assert again["new_articles"] == 0
    assert q(db_path, "SELECT count(*) FROM articles") == [(1,)]


def test_import_seeds_tags_core_companies_and_is_idempotent(seeds_dir, db_path):
    paths = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    first = import_seeds_flow(paths, db=str(db_path))
    assert (first["new_articles"], first["failed"]) == (5, 0)
    tagged = q(
        db_path,
        "SELECT substr(a.url, 6, 3) AS seed, list(DISTINCT m.entity_id ORDER BY m.entity_id) FROM articles a"
        " JOIN mentions m USING (article_id) JOIN entities e USING (entity_id)"
        " WHERE e.core GROUP BY seed ORDER BY seed",
    )
    assert tagged == [
        ("000", ["01ai", "baichuan", "minimax", "moonshot", "zhipu"]),
        ("001", ["01ai", "baichuan", "minimax", "moonshot", "stepfun", "zhipu"]),
        ("002", ["moonshot"]),
        ("003", ["baichuan", "moonshot", "zhipu"]),
        ("004", ["01ai", "baichuan", "minimax", "moonshot", "stepfun", "zhipu"]),
    ]
    assert q(db_path, "SELECT DISTINCT source FROM articles") == [("seed",)]
    second = import_seeds_flow(paths, db=str(db_path))
    assert second["new_articles"] == 0
    assert q(db_path, "SELECT count(*) FROM articles") == [(5,)]


def test_task_runs_grow_with_batches_not_pages(demo_site, db_path):
    """Prefect costs ~20 ms a task run: a batch is fetched and processed (and spooled) in two."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    urls = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles]
    result = backfill_flow(urls, db=str(db_path), options={**LOOPBACK, "batch_size": 3, "workers": 0})
    batches = result["summary"]["batches"]
    assert batches == -(-len(urls) // 3) >= 3
    with get_client(sync_client=True) as client:
        names = [
            t.name
            for t in client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[result["run_id"]])))
        ]
    per_batch = [n for n in names if n.startswith(("fetch-", "process-"))]
    assert len(per_batch) == 2 * batches
    # known-urls, the first load, the load once the last batch is on its way, the final loads, the runs row's spool
    assert len(names) - len(per_batch) <= 6


def test_loads_run_without_waiting_for_load_interval_once_the_last_batch_is_on_its_way(demo_site, db_path):
    """What is unloaded when the run ends is loaded while the user waits: the backlog is loaded before."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    urls = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles]
    options = {**LOOPBACK, "batch_size": 3, "workers": 0, "load_interval": 3600}
    result = backfill_flow(urls, db=str(db_path), options=options)
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[result["run_id"]])))
    loads = [t for t in runs if t.name.startswith("load-")]
    assert len(loads) >= 4  # the run's first, at least one once the last batch is fetching, the final two
    assert result["new_articles"] + result["duplicates"] == q(db_path, "SELECT count(*) FROM articles")[0][0]


def test_a_host_sees_per_host_delay_across_batches(httpserver, db_path):
    """Batches are fetched one at a time, and a host's pause carries over from one batch's fetch to the next.

    Each batch's fetch has its own gates: two batches fetched at once would visit a host twice as
    often, and a fresh gate would visit it again (robots.txt first) right after the last batch did.
    """
    import time

    from werkzeug import Response

    started: list[float] = []

    def answer(request):
        started.append(time.monotonic())
        if request.path == "/robots.txt":
            return Response("", status=404)
        return Response("<html><body><p>短</p></body></html>", content_type="text/html; charset=utf-8")

    httpserver.expect_request("/robots.txt").respond_with_handler(answer)
    urls = [httpserver.url_for(f"/a{i}") for i in range(6)]
    for i in range(6):
        httpserver.expect_request(f"/a{i}").respond_with_handler(answer)
    options = {**LOOPBACK, "per_host_delay": 0.4, "batch_size": 2, "workers": 0}
    result = backfill_flow(urls, db=str(db_path), options=options)
    assert result["summary"]["batches"] == 3 and len(started) >= 6 + 1
    gaps = [b - a for a, b in zip(sorted(started), sorted(started)[1:], strict=False)]
    assert min(gaps) >= 0.35, gaps
