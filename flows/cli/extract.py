"""``newsdesk extract``: the extractor on HTML files or URLs, printed; the warehouse is not touched.

A plain function: :mod:`flows.cli` registers it as a command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import AllowHostOption, _allowing, _setup_logging


def extract(
    inputs: Annotated[list[str], typer.Argument(metavar="PATH_OR_URL...", help="HTML files or http(s) URLs.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input, one per line.")] = False,
    allow_host: AllowHostOption = None,
) -> None:
    """Extract articles from HTML files or URLs and print them; the warehouse is not touched.

    Example: newsdesk extract page.html https://example.com/news/1.html --json
    """
    _setup_logging(False)
    from extractors.article import extract_article
    from extractors.charset import decode_html
    from flows.http.fetch import fetch_batch

    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    settings = _allowing(allow_host)
    fetched = {r.url: r for r in fetch_batch(urls, settings)} if urls else {}
    failed = False
    for item in inputs:
        error, article = None, None
        if item in fetched:
            result = fetched[item]
            if result.ok and result.body is not None:
                # a live fetch: relative dates (昨天, 3小时前) count back from its time
                article = extract_article(
                    decode_html(result.body, result.content_type).text, result.final_url or item, result.fetched_at
                )
            else:
                error = f"{result.outcome}: {result.error}"
        else:
            try:
                article = extract_article(decode_html(Path(item).read_bytes()).text, None)
            except OSError as exc:
                error = f"cannot read: {exc.strerror}"
        if article is None and error is None:
            error = "no_article: no article text found"
        failed |= error is not None
        if as_json:
            payload = {"input": item, **article.as_dict()} if article else {"input": item, "error": error}
            typer.echo(json.dumps(payload, ensure_ascii=False))
        elif article:
            byline = " ".join(filter(None, (article.published, article.author, article.sitename)))
            typer.echo(f"== {item}\n{article.title}\n{byline} [{article.lang}/{article.script}]\n\n{article.text}\n")
        else:
            typer.secho(f"== {item}: {error}", err=True, fg=typer.colors.YELLOW)
    if failed:
        raise typer.Exit(1)
