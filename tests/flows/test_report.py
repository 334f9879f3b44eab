"""The coverage report: its data from a fixture warehouse, and its charts as headless Chromium draws them."""

import os
import re
import shutil
import subprocess

import pytest

from extractors.entities import load_catalogue
from flows.ingest import backfill_flow, import_seeds_flow
from flows.report import gather, render_html, write_report
from tests.conftest import LOOPBACK
from warehouse.exceptions import NoWarehouse
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, seeds_dir, demo_site, prefect_server):
    db = tmp_path_factory.mktemp("report") / "newsdesk.duckdb"
    import_seeds_flow(sorted(str(p) for p in seeds_dir.glob("*.txt")), db=str(db))
    urls = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles] + [
        f"{demo_site.base}/reprint/zhipu-funding.html"
    ]
    backfill_flow(urls, db=str(db), options=LOOPBACK)
    return db


@pytest.fixture(scope="module")
def data(warehouse):
    return gather(warehouse, load_catalogue())


def test_report_numbers_match_the_views(warehouse, data):
    assert (
        data.articles == run_query(warehouse, "SELECT count(*) FROM articles_unique").rows[0][0] == 14
    )  # 5 seeds + 9 on-topic
    assert [c for c, _ in data.companies] == ["zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun"]
    assert abs(sum(row["share"] for row in data.share) - 1) < 1e-9
    per_company = {row["company_id"]: row["articles"] for row in data.share}
    assert per_company == dict(run_query(warehouse, "SELECT company_id, count(DISTINCT article_id) FROM core_mentions "
                                                    "JOIN articles_unique USING (article_id) GROUP BY 1").rows)  # fmt: skip
    zhipu = data.stories["zhipu"]
    assert any(
        s["title"].startswith("智谱AI完成新一轮融资") and s["copies"] == 2 for s in zhipu
    )  # the mirror counted as a copy
    assert {c["name"] for c in data.companions["stepfun"]} >= {"智谱AI", "月之暗面"}
    assert all(
        c["name"] not in ("跃问", "姜大昕") for c in data.companions["stepfun"]
    )  # its own product and founder excluded


def test_rendered_html_is_self_contained_and_carries_the_data(data):
    page = render_html(data)
    # nothing to fetch: no scripts, stylesheets, images, fonts or imports (article links are navigation, not resources)
    for resource in ("<script", "<link", "<img", "src=", "@import", "url("):
        assert resource not in page
    days = {row["day"] for row in data.daily}
    assert page.count('class="point"') == len(days) * 6  # one dot per company and day
    assert page.count('class="share"') == len(data.share)
    assert "智谱AI" in page and "階躍星辰" in page  # Traditional title kept as published


def test_each_core_company_has_a_timeline_of_its_events_linked_to_their_first_report(warehouse, data):
    expected = run_query(
        warehouse, "SELECT company_id, count(*) FROM company_timeline WHERE company_id IN "
        "(SELECT entity_id FROM entities WHERE core) GROUP BY 1",
    ).rows  # fmt: skip
    assert expected and {cid: len(events) for cid, events in data.timeline.items()} == dict(expected)
    page = render_html(data)
    assert page.count("data-timeline=") == 6
    for events in data.timeline.values():
        for e in events:
            assert f'<a href="{e["first_url"]}">' in page.replace("&amp;", "&")


def test_empty_and_missing_warehouse(tmp_path):
    from warehouse.connection import open_warehouse

    empty = tmp_path / "empty.duckdb"
    with open_warehouse(empty):
        pass
    out = tmp_path / "r.html"
    result = write_report(empty, out, load_catalogue())
    assert result.empty and "has no articles for this period" in out.read_text(encoding="utf-8")
    with pytest.raises(NoWarehouse):
        write_report(tmp_path / "absent.duckdb", out, load_catalogue())


# ── in a real browser ──────────────────────────────────────────────────────

PROBE = """<script>
const drawn = s => [...document.querySelectorAll(s)].filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0; }).length;
document.body.setAttribute('data-probe', JSON.stringify({points: drawn('circle.point'), lines: drawn('polyline'),
  shares: drawn('rect.share'), bars: drawn('rect.bar'), svgs: document.querySelectorAll('svg').length}));
</script>"""
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def _chromium() -> str:
    """The chromium binary, with a CJK font to draw the labels.

    The test never installs anything: ``.ci/run`` installs chromium and fonts-noto-cjk where they
    are missing, so in CI (``CI`` set) a missing browser is a failure; elsewhere the test skips.
    """
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True) if shutil.which("fc-list") else None
    missing = [name for name, ok in (("chromium", shutil.which("chromium")), ("a CJK font", fonts and fonts.stdout.strip()))
               if not ok]  # fmt: skip
    if missing:
        reason = f"{' and '.join(missing)} not installed (`.ci/run` installs chromium and fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return shutil.which("chromium")


def test_charts_draw_in_headless_chromium(data, tmp_path):
    chromium = _chromium()
    page = render_html(data)
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    profile = tmp_path / "profile"
    dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    found = re.search(r"data-probe=\"([^\"]+)\"", dom.stdout)
    assert found, dom.stderr[-500:]
    import html
    import json

    drawn = json.loads(html.unescape(found.group(1)))
    days = len({row["day"] for row in data.daily})
    assert drawn["points"] == days * 6 and drawn["lines"] == 6
    assert drawn["shares"] == len(data.share) and drawn["bars"] == len(data.sources)

    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1100,1600", f"--screenshot={shot}",
                    report.as_uri()], capture_output=True, timeout=120)  # fmt: skip
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_report_on_the_seeds_alone(seeds_dir, tmp_path):
    db = tmp_path / "seeds.duckdb"
    import_seeds_flow(sorted(str(p) for p in seeds_dir.glob("*.txt")), db=str(db))
    out = tmp_path / "seeds.html"
    data = write_report(db, out, load_catalogue())
    assert data.articles == 5 and not data.empty
    assert {row["company_id"] for row in data.share} == {"zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun"}
    assert data.health == []  # seeds were never fetched: the section says "Nothing yet."
    assert "Nothing yet." in out.read_text(encoding="utf-8")
