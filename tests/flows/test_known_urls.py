"""Every URL fetched once: redirects remembered, a busy warehouse waited for, discovery by what is stored."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from werkzeug import Response

from flows.discovery import window_start
from flows.ingest import backfill_flow, daily_flow
from tests.conftest import LOOPBACK, holding_warehouse
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")
OPTIONS = {**LOOPBACK, "workers": 0, "retries": 0}


def requests_to(server, path: str) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


def test_a_url_that_redirected_is_not_fetched_again(web, demo_site, db_path):
    article = f"{demo_site.base}/news/kimi-long-context.html"
    web.expect_request("/old-link").respond_with_data("", status=301, headers={"Location": article})
    first = backfill_flow([web.url_for("/old-link")], db=str(db_path), options=OPTIONS)
    assert first["new_articles"] == 1
    assert run_query(db_path, "SELECT url FROM articles").rows == [(web.url_for("/old-link"),)]

    again = backfill_flow([web.url_for("/old-link")], db=str(db_path), options=OPTIONS)

    assert (again["fetched"], again["summary"]["skipped_known"]) == (0, 1)
    assert requests_to(web, "/old-link") == 1


def _feed(items: list[tuple[str, datetime]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{format_datetime(when)}</pubDate></item>"
        for link, when, title in ((link, when, "月之暗面 Kimi 新闻") for link, when in items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'
    )


def test_an_item_listed_after_the_last_run_started_is_fetched_although_its_stated_time_is_earlier(
    web, demo_site, db_path, tmp_path
):
    """A story appears in a feed hours after the time it states: the next run fetches it."""
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nid = "late"\nname = "late feed"\nfeeds = ["{web.url_for("/feed.xml")}"]\n')
    options = {**OPTIONS, "sources": str(sources)}
    now = datetime.now(UTC)
    first_item = f"{demo_site.base}/news/kimi-long-context.html"
    listed = [(first_item, now - timedelta(hours=1))]
    web.expect_request("/feed.xml").respond_with_handler(lambda _: Response(_feed(listed), content_type="text/xml"))
    first = daily_flow(db=str(db_path), options=options)
    assert first["new_articles"] == 1

    late_item = f"{demo_site.base}/news/zhipu-funding.html"
    stated = now - timedelta(hours=3)  # before the first run started
    listed.append((late_item, stated))
    second = daily_flow(db=str(db_path), options=options)

    assert second["discovered"] == 2 and second["summary"]["skipped_known"] == 1
    assert run_query(db_path, "SELECT count(*) FROM articles").rows == [(2,)]


def test_since_is_read_in_beijing_time_and_the_window_defaults_to_lookback_days():
    assert window_start("2026-11-20", 7) == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
    assert window_start("2026-11-20T08:00:00+00:00", 7) == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    assert window_start(None, 7, now) == datetime(2026, 11, 25, tzinfo=UTC)


def test_a_locked_warehouse_stops_the_run_in_one_sentence_instead_of_refetching_everything(
    web, db_path, tmp_path, prefect_api_url
):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from warehouse.connection import open_warehouse

    with open_warehouse(db_path):
        pass
    listing = tmp_path / "urls.txt"
    listing.write_text(web.url_for("/page") + "\n")
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "NEWSDESK_LOCK_WAIT": "1", "CI": "1"}
    env.pop("PREFECT_LOGGING_LEVEL")  # as in a user's shell (the tests set it)
    command = [str(Path(sys.executable).parent / "newsdesk"), "backfill", str(listing), "--db", str(db_path)]
    with holding_warehouse(db_path):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot tell which URLs the warehouse already has, so nothing was fetched")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "locked" in done.stderr and requests_to(web, "/page") == 0
