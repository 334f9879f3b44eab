"""The coverage report: one self-contained HTML file, drawn from the warehouse's views.

Every number comes from a documented view (``core_daily``, ``attention_daily``, ``core_companions``,
``core_stories``, ``source_coverage``, ``source_health``) or from entity
discovery, so the report is a thin layer an analyst can reproduce in SQL.
Charts are inline SVG — no scripts, fonts or styles are fetched — so the file
renders offline; text uses the platform's CJK fonts.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from extractors.entities import Catalogue
from flows.maintenance import discover_entities
from warehouse.connection import DEFAULT_READ_WAIT
from warehouse.database import Warehouse

# One colour per core company, in catalogue order; distinguishable in print and for colour-blind readers.
PALETTE = ("#1b6ca8", "#e4572e", "#29a36a", "#8e5bd0", "#f0a202", "#5c5c5c")
TOP_COMPANIONS = 5
NEWEST_STORIES = 5
TOP_SOURCES = 10
CANDIDATES = 15


@dataclass
class ReportData:
    """Everything the report shows, as plain rows."""

    generated_at: datetime
    since: date | None
    companies: list[tuple[str, str]]  # (company_id, name), catalogue order
    daily: list[dict[str, Any]]
    share: list[dict[str, Any]]
    attention: list[dict[str, Any]] = field(default_factory=list)  # attention_daily: share of all stories per day
    companions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    stories: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    health: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    timeline: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # company_timeline, per core company
    articles: int = 0

    @property
    def empty(self) -> bool:
        return self.articles == 0


def gather(db: Path, catalogue: Catalogue, since: date | None = None) -> ReportData:
    """Read the report's numbers from the warehouse (read-only; each a named query of :mod:`warehouse.coverage`)."""
    day = since or date(1970, 1, 1)
    wh = Warehouse(db, wait=DEFAULT_READ_WAIT)
    companies = [(e.entity_id, e.name) for e in catalogue.entities if e.core]
    data = ReportData(datetime.now(UTC), since, companies, [], [], articles=wh.unique_stories(day))
    if data.empty:
        return data
    data.daily, data.attention, data.share = wh.core_daily(day), wh.attention(day), wh.core_share(day)
    for company_id, _ in companies:
        data.companions[company_id] = wh.companions(company_id, day, TOP_COMPANIONS)
        data.stories[company_id] = wh.newest_stories(company_id, day, NEWEST_STORIES)
    data.sources, data.health = wh.top_sources(day, TOP_SOURCES), wh.source_health(day)
    for row in wh.core_timeline(since):
        data.timeline.setdefault(row["company_id"], []).append(row)
    data.candidates = [
        c.__dict__ for c in discover_entities(db, since=since.isoformat() if since else None, limit=CANDIDATES)
    ]
    return data


# ── rendering ──────────────────────────────────────────────────────────────

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"WenQuanYi Micro Hei",sans-serif;margin:2rem auto;max-width:1000px;color:#222;line-height:1.5;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.muted{color:#777;font-size:.9rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}
.card{border:1px solid #e5e5e5;border-radius:6px;padding:.6rem .8rem}.card h3{margin:.1rem 0 .4rem;font-size:1rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
a{color:#1b6ca8;text-decoration:none}a:hover{text-decoration:underline}svg text{font-family:inherit}
.empty{padding:2rem;background:#fafafa;border:1px dashed #ccc;text-align:center}
.trend>input{position:absolute;opacity:0}.trend>label{display:inline-block;margin-right:.4rem;padding:.1rem .6rem;
border:1px solid #ccc;border-radius:1rem;font-size:.85rem;cursor:pointer;color:#555}
.trend>input:checked+label{background:#1b6ca8;border-color:#1b6ca8;color:#fff}
#trend-count:checked~.trend-share,#trend-share:checked~.trend-count{display:none}
@media print{.trend>input,.trend>label{display:none}.trend .trend-share,.trend .trend-count{display:block!important}}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _clip(title: str | None, limit: int = 60) -> str:
    """Titles longer than *limit* characters (seed titles can be whole paragraphs) end in an ellipsis."""
    title = title or "(untitled)"
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _colour(data: ReportData) -> dict[str, str]:
    return {cid: PALETTE[i % len(PALETTE)] for i, (cid, _) in enumerate(data.companies)}


@dataclass(frozen=True)
class _Series:
    """How one daily chart reads and draws its rows (the rest is :func:`_daily_chart`'s)."""

    css: str  # the svg's class
    label: str  # its aria-label
    key: str  # the value column of the rows
    ticks: list[tuple[float, str]]  # grid lines: value and label
    ceiling: float  # the value at the top of the plot
    line: str  # the svg element of a company's line: polyline or path, with its attributes before the points
    dot: str  # the class of a day's dot
    shown: Callable[[float], str]  # a value as the dot's data-value
    said: Callable[[float], str]  # a value as the dot's tooltip says it


def _daily_chart(data: ReportData, rows: list[dict[str, Any]], how: _Series, width: int, height: int) -> str:
    """One line and one dot per day for each core company, on a time axis proportional to time (gaps included)."""
    days = sorted({row["day"] for row in rows})
    left, right, top, bottom = 40, 150, 15, 35
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(1, (days[-1] - days[0]).days)
    x = {d: left + (plot_w * (d - days[0]).days / span if len(days) > 1 else plot_w / 2) for d in days}

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / how.ceiling

    parts = [f'<svg class="{how.css}" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{how.label}">']
    for tick, text in how.ticks:
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#eee"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" fill="#777">{text}</text>'
        )
    label_every = max(1, len(days) // 10)
    for i, d in enumerate(days):
        if i % label_every == 0:
            parts.append(
                f'<text x="{x[d]:.1f}" y="{height - 12}" font-size="11" text-anchor="middle" fill="#777">{d:%m-%d}</text>'
            )
    colours = _colour(data)
    for idx, (cid, name) in enumerate(data.companies):
        series = {row["day"]: row[how.key] for row in rows if row["company_id"] == cid}
        points = [(x[d], y(series.get(d, 0)), d, series.get(d, 0)) for d in days]
        colour = colours[cid]
        coords = [f"{px:.1f},{py:.1f}" for px, py, _, _ in points]
        drawn = " ".join(coords) if how.line.startswith("<polyline") else "M" + " L".join(coords)
        parts.append(f'{how.line}"{drawn}" fill="none" stroke="{colour}" stroke-width="2" data-company="{_e(cid)}"/>')
        for px, py, d, v in points:
            parts.append(
                f'<circle class="{how.dot}" cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}" data-company="{_e(cid)}" '
                f'data-day="{d}" data-value="{how.shown(v)}"><title>{_e(name)} {d}: {how.said(v)}</title></circle>'
            )
        ly = top + 16 + idx * 20
        parts.append(f'<rect x="{width - right + 12}" y="{ly - 9}" width="11" height="11" fill="{colour}"/>')
        parts.append(f'<text x="{width - right + 28}" y="{ly}" font-size="13">{_e(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(data: ReportData, width: int = 940, height: int = 300) -> str:
    """Articles per day per core company: one polyline and one dot per data point."""
    if not data.daily:
        return '<p class="muted">No core-company coverage in this period.</p>'
    peak = max(row["articles"] for row in data.daily)
    ticks = [(step, str(step)) for step in range(peak + 1 if peak <= 8 else 0)]
    how = _Series("chart line-chart", "每日报道数", "articles", ticks, peak, "<polyline points=", "point", str, str)
    return _daily_chart(data, data.daily, how, width, height)


def share_chart(data: ReportData, width: int = 940, height: int = 300) -> str:
    """Each core company's share of all unique stories per day (``attention_daily``): one line and one dot per day.

    The same companies, colours and time axis as :func:`line_chart`; the y axis runs in quarters up to
    the largest share. Lines are paths and dots ``attention-point``, so they count apart from the other chart's.
    """
    if not data.attention:
        return '<p class="muted">No stories in this period.</p>'
    ceiling = max(0.25, math.ceil(max(row["share"] for row in data.attention) * 4) / 4)
    ticks = [(q / 4, f"{q / 4:.0%}") for q in range(round(ceiling * 4) + 1)]
    how = _Series("chart share-trend", "每日报道占比", "share", ticks, ceiling, '<path class="attention-line" d=',
                  "attention-point", lambda v: f"{v:.4f}", lambda v: f"{v:.0%}")  # fmt: skip
    return _daily_chart(data, data.attention, how, width, height)


def trend(data: ReportData) -> str:
    """Stories per day, or their share of all stories that day: two charts and a switch between them.

    The switch is two radio buttons and CSS (no script): the counts show first; printing shows both.
    """
    return (
        '<div class="trend">'
        '<input type="radio" name="trend" id="trend-count" checked><label for="trend-count">stories per day</label>'
        '<input type="radio" name="trend" id="trend-share"><label for="trend-share">share of all stories</label>'
        f'<div class="trend-count">{line_chart(data)}</div><div class="trend-share">{share_chart(data)}</div>'
        "</div>"
    )


def share_bar(data: ReportData, width: int = 940, height: int = 54) -> str:
    """Share of coverage among the six as one stacked bar."""
    total = sum(row["articles"] for row in data.share)
    if not total:
        return '<p class="muted">No core-company coverage in this period.</p>'
    colours = _colour(data)
    parts = [
        f'<svg class="chart share-chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="报道占比">'
    ]
    offset = 0.0
    for row in data.share:
        w = width * row["articles"] / total
        parts.append(
            f'<rect class="share" x="{offset:.1f}" y="0" width="{w:.1f}" height="34" fill="{colours.get(row["company_id"], "#999")}" '
            f'data-company="{_e(row["company_id"])}" data-value="{row["articles"]}">'
            f"<title>{_e(row['name'])}: {row['share']:.0%}</title></rect>"
        )
        if w > 60:
            parts.append(
                f'<text x="{offset + w / 2:.1f}" y="22" font-size="12" fill="#fff" text-anchor="middle">'
                f"{_e(row['name'])} {row['share']:.0%}</text>"
            )
        offset += w
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(rows: list[dict[str, Any]], label: str, value: str, width: int = 940) -> str:
    """Horizontal bars, one per row."""
    if not rows:
        return '<p class="muted">Nothing yet.</p>'
    peak = max(r[value] for r in rows) or 1
    bar_h, gap, left = 18, 6, 220
    height = len(rows) * (bar_h + gap)
    parts = [f'<svg class="chart bar-chart" viewBox="0 0 {width} {height}" width="100%" role="img">']
    for i, r in enumerate(rows):
        yy = i * (bar_h + gap)
        w = (width - left - 60) * r[value] / peak
        parts.append(f'<text x="{left - 8}" y="{yy + 13}" font-size="12" text-anchor="end">{_e(r[label])}</text>')
        parts.append(
            f'<rect class="bar" x="{left}" y="{yy}" width="{w:.1f}" height="{bar_h}" fill="#1b6ca8" data-value="{r[value]}"/>'
        )
        parts.append(f'<text x="{left + w + 6:.1f}" y="{yy + 13}" font-size="12">{r[value]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(
    rows: list[dict[str, Any]], columns: list[tuple[str, str]], numeric: set[str] | frozenset = frozenset()
) -> str:
    if not rows:
        return '<p class="muted">Nothing yet.</p>'
    head = "".join(f"<th>{_e(title)}</th>" for _, title in columns)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"num" if key in numeric else ""}">{_e(row.get(key))}</td>' for key, _ in columns)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _timeline(data: ReportData) -> str:
    """Per core company, its funding rounds and launches, newest first, each linked to its first report."""
    blocks = []
    for cid, name in data.companies:
        events = data.timeline.get(cid, [])
        items = "".join(
            f'<li><span class="muted">{_e(e["day"])}</span> {"融资" if e["type"] == "funding" else "发布"} '
            f'<a href="{_e(e["first_url"])}">{_e(e["what"])}</a>'
            + (f" · {_e(e['amount'])}" if e["amount"] else "")
            + (f" · 领投 {_e('、'.join(e['lead_investors']))}" if e["lead_investors"] else "")
            + f' <span class="muted">({e["articles"]} article{"s" if e["articles"] != 1 else ""})</span></li>'
            for e in events
        )
        blocks.append(f'<div class="card" data-timeline="{_e(cid)}"><h3>{_e(name)}</h3>'
                      f'<ul>{items or "<li class=muted>No events yet.</li>"}</ul></div>')  # fmt: skip
    return '<div class="grid">' + "".join(blocks) + "</div>"


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document."""
    period = f"since {data.since}" if data.since else "all time"
    header = (
        f"<h1>newsdesk · AI 六小龙/六小虎 coverage</h1>"
        f'<p class="muted">{data.articles} unique stories, {period}; generated {data.generated_at:%Y-%m-%d %H:%M} UTC. '
        "Every figure comes from a warehouse view named in its section.</p>"
    )
    if data.empty:
        body = '<div class="empty">The warehouse has no articles for this period yet. Run <code>newsdesk run</code>, ' \
               "<code>newsdesk backfill</code> or <code>newsdesk import-seeds</code> first.</div>"  # fmt: skip
        return _page(header + body)
    colours = _colour(data)
    cards = []
    for cid, name in data.companies:
        companions = ", ".join(f"{_e(c['name'])} ({c['articles']})" for c in data.companions.get(cid, [])) or "—"
        stories = "".join(
            f'<li><a href="{_e(s["url"])}">{_e(_clip(s["title"]))}</a> <span class="muted">{s["day"]} · '
            f"{s['copies']} cop{'y' if s['copies'] == 1 else 'ies'}</span></li>"
            for s in data.stories.get(cid, [])
        )
        cards.append(
            f'<div class="card" data-company="{_e(cid)}"><h3><span class="swatch" style="background:{colours[cid]}"></span>{_e(name)}</h3>'
            f'<div class="muted">Most often with: {companions}</div><ul>{stories or "<li class=muted>No stories yet.</li>"}</ul></div>'
        )
    health = [
        {**h, "success_rate": f"{h['success_rate']:.0%}" if h["success_rate"] is not None else "—"} for h in data.health
    ]
    sections = [
        "<h2>Articles per day <span class='muted'>(views <code>core_daily</code>, "
        "<code>attention_daily</code>)</span></h2>", trend(data),
        "<h2>Share of coverage among the six <span class='muted'>(<code>core_daily</code>)</span></h2>", share_bar(data),
        "<h2>Companies: companions and newest stories "
        "<span class='muted'>(<code>core_companions</code>, <code>core_stories</code>)</span></h2>",
        f'<div class="grid">{"".join(cards)}</div>',
        "<h2>Funding rounds and launches <span class='muted'>(<code>company_timeline</code>: the first report of "
        "each event)</span></h2>", _timeline(data),
        "<h2>Top sources <span class='muted'>(<code>source_coverage</code>: stories naming a core company)</span></h2>",
        bar_chart(data.sources, "source", "core_articles"),
        "<h2>Source health <span class='muted'>(<code>source_health</code>)</span></h2>",
        _table(health, [("source", "source"), ("attempts", "attempts"), ("successes", "ok"), ("success_rate", "success rate"),
                        ("new_articles", "new articles"), ("median_ms", "median ms")],
               {"attempts", "successes", "success_rate", "new_articles", "median_ms"}),
        "<h2>Candidate entities not in the catalogue <span class='muted'>(<code>newsdesk entities discover</code>)</span></h2>",
        _table(data.candidates, [("entity_id", "id"), ("name", "name"), ("kind", "kind"), ("articles", "articles"),
                                 ("with_known", "beside known"), ("top_companion", "most often with")],
               {"articles", "with_known"}),
    ]  # fmt: skip
    return _page(header + "".join(sections))


def _page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newsdesk coverage report</title><style>{CSS}</style></head><body>{body}</body></html>"
    )


def write_report(db: Path, out: Path, catalogue: Catalogue, since: date | None = None) -> ReportData:
    """Gather, render and write the report atomically; returns its data."""
    data = gather(db, catalogue, since)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(out)
    return data
