"""A real Prefect server, ``newsdesk serve``, and runs triggered through the API.

Everything listens on 127.0.0.1: the session's Prefect server (SQLite), the
serving process, and the sample news site the triggered runs read. One
serving process is shared by the module's API tests (it takes tens of
seconds to start).

Parameters of runs started through the API are checked where the flow
runs (flows/remote.py): the unit tests call that check with parameters as
the server would pass them; the API tests show a refused run fails and a
permitted one completes.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from flows.config import Settings
from warehouse.query import run_query

BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(check, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: process exited with {process.returncode}")
        try:
            result = check()
            if result:
                return result
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def prefect_api(prefect_server, tmp_path_factory):
    """The session's Prefect server (a real one, see tests/conftest.py) and the environment that reaches it."""
    from prefect.settings import PREFECT_API_URL

    api = str(PREFECT_API_URL.value())
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": api,
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    return api, env


@dataclass(frozen=True)
class Served:
    api: str
    env: dict[str, str]
    db: Path  # the configured warehouse; its folder is the data directory
    url_files: Path  # NEWSDESK_URL_FILE_DIR


@pytest.fixture(scope="module")
def served(prefect_api, demo_site, tmp_path_factory):
    """``newsdesk serve`` with both deployments registered, configured by NEWSDESK_* as an operator would."""
    api, env = prefect_api
    tmp_path = tmp_path_factory.mktemp("serve")
    db = tmp_path / "wh" / "newsdesk.duckdb"
    url_files = tmp_path / "url-lists"
    url_files.mkdir()
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nid = "demo"\nfeeds = ["{demo_site.feed_url}"]\nsitemaps = ["{demo_site.sitemap_url}"]\n'
    )
    env = {
        **env,
        "NEWSDESK_DB": str(db),
        "NEWSDESK_SOURCES": str(sources),
        "NEWSDESK_ALLOW_HOSTS": json.dumps(["127.0.0.1"]),
        "NEWSDESK_PER_HOST_DELAY": "0",
        "NEWSDESK_URL_FILE_DIR": str(url_files),
    }
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    serving = subprocess.Popen(
        [str(BIN / "newsdesk"), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
    )
    try:
        for name in ("daily/newsdesk-daily", "backfill/newsdesk-backfill"):  # serve registers them one by one
            _wait_for(
                lambda name=name: httpx.get(f"{api}/deployments/name/{name}", timeout=2).status_code == 200,
                STARTUP_TIMEOUT, f"deployment {name} registered by newsdesk serve", serving,
            )  # fmt: skip
        yield Served(api, env, db, url_files)
    finally:
        serving.terminate()
        serving.wait(30)
        log.close()


def _deployment_id(served: Served, name: str) -> str:
    return httpx.get(f"{served.api}/deployments/name/{name}", timeout=5).json()["id"]


def _trigger(served: Served, name: str, *params: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Run deployment *name* with ``--param`` *params* through the API, wait for the end; (CLI result, flow run)."""
    command = [str(BIN / "prefect"), "deployment", "run", name, "--watch", "--watch-timeout", "180"]
    for param in params:
        command += ["--param", param]
    trigger = subprocess.run(command, env=served.env, capture_output=True, text=True, timeout=240)
    match = re.search(r"UUID:\s*([0-9a-f-]{36})", trigger.stdout)
    assert match, trigger.stdout + trigger.stderr
    return trigger, httpx.get(f"{served.api}/flow_runs/{match.group(1)}", timeout=5).json()


def test_serve_then_trigger_daily_run_through_the_api(served, demo_site):
    deployment = _deployment_id(served, "daily/newsdesk-daily")
    schedules = httpx.get(f"{served.api}/deployments/{deployment}", timeout=5).json()["schedules"]
    assert schedules[0]["schedule"]["cron"] == "0 6 * * *"
    assert schedules[0]["schedule"]["timezone"] == "Asia/Shanghai"

    trigger, run = _trigger(served, "daily/newsdesk-daily", "since=2020-01-01")
    assert trigger.returncode == 0, trigger.stdout + trigger.stderr
    assert run["state_type"] == "COMPLETED"
    # every sample article but the off-topic one (新能源汽车)
    assert run_query(served.db, "SELECT count(*) FROM articles_unique").rows == [(len(demo_site.articles) - 1,)]
    assert run_query(served.db, "SELECT flow, status FROM runs").rows == [("daily", "completed")]
    artifacts = httpx.post(f"{served.api}/artifacts/filter", json={}, timeout=5).json()
    assert any(a["key"] == "newsdesk-run-daily" and "discovered" in a["data"] for a in artifacts)


def test_a_backfill_through_the_api_may_not_loosen_the_serving_configuration_but_may_tune_it(served, demo_site):
    """Two runs at once (each takes tens of seconds): one refused, one with permitted parameters.

    Each refusal is the same code path; the unit tests below cover them all, one API run is enough.
    """
    listing = served.url_files / "urls.txt"
    listing.write_text("".join(f"{demo_site.base}/news/{a.slug}.html\n" for a in demo_site.articles[:2]))
    db = served.db.parent / "backfill.duckdb"  # another warehouse, inside the data directory
    name = "backfill/newsdesk-backfill"
    with ThreadPoolExecutor(2) as pool:
        refused = pool.submit(_trigger, served, name, 'options={"allow_hosts": ["10.0.0.0/8"]}')
        permitted = pool.submit(_trigger, served, name, f"url_file={listing}", f"db={db}", 'options={"batch_size": 1}')
        (refused_cli, refused_run), (permitted_cli, permitted_run) = refused.result(), permitted.result()

    assert refused_cli.returncode != 0, refused_cli.stdout
    assert refused_run["state_type"] == "FAILED"
    assert "option 'allow_hosts' cannot be set by a deployment run" in refused_run["state"]["message"]
    assert permitted_cli.returncode == 0, permitted_cli.stdout + permitted_cli.stderr
    assert permitted_run["state_type"] == "COMPLETED"
    assert run_query(db, "SELECT flow, status FROM runs").rows == [("backfill", "completed")]


# ── the check itself, with parameters as the server passes them ───────────


@pytest.fixture
def serving(tmp_path) -> Settings:
    """The configuration where the flows are served: a data directory and a URL-file folder."""
    (tmp_path / "lists").mkdir()
    return Settings(db=tmp_path / "data" / "newsdesk.duckdb", data_dir=None, url_file_dir=tmp_path / "lists")


REFUSED = [
    (None, {"allow_hosts": ["10.0.0.0/8"]}, None, "option 'allow_hosts'"),
    (None, {"allow_hosts": []}, None, "option 'allow_hosts'"),
    (None, {"respect_robots": False}, None, "option 'respect_robots'"),
    (None, {"per_host_delay": 0}, None, "option 'per_host_delay'"),
    (None, {"user_agent": "Mozilla/5.0"}, None, "option 'user_agent'"),
    (None, {"sources": "/etc/passwd"}, None, "option 'sources'"),
    (None, {"catalogue": "/etc/passwd"}, None, "option 'catalogue'"),
    (None, {"url_file_dir": "/"}, None, "option 'url_file_dir'"),
    (None, {"workers": 512}, None, "option 'workers'"),
    (None, {"no_such_option": 1}, None, "unknown option 'no_such_option'"),
    ("/tmp/elsewhere/newsdesk.duckdb", None, None, "db '/tmp/elsewhere/newsdesk.duckdb' is not inside"),
    ("{tmp}/data/../newsdesk.duckdb", None, None, "is not inside the data directory"),
    (None, {"db": "/var/tmp/x.duckdb"}, None, "options.db '/var/tmp/x.duckdb' is not inside"),
    (None, {"db": 42}, None, "options.db 42 is not inside"),
    (None, {"data_dir": "/var/tmp"}, None, "options.data_dir '/var/tmp' is not inside"),
    (None, None, "/etc/passwd", "url_file '/etc/passwd' is not inside NEWSDESK_URL_FILE_DIR"),
    (None, None, "{tmp}/lists/../data/newsdesk.duckdb", "is not inside NEWSDESK_URL_FILE_DIR"),
    (None, None, "{tmp}/lists/link", "is not inside NEWSDESK_URL_FILE_DIR"),  # a symbolic link out of the folder
]


@pytest.mark.parametrize(("db", "options", "url_file", "refusal"), REFUSED)
def test_remote_parameters_refused(serving, tmp_path, db, options, url_file, refusal):
    from flows.remote import RemoteParameterError, check_remote_parameters

    (tmp_path / "lists" / "link").symlink_to("/etc/passwd")
    db, url_file = (p.format(tmp=tmp_path) if p else p for p in (db, url_file))
    with pytest.raises(RemoteParameterError) as refused:
        check_remote_parameters(serving, db, options, url_file)
    assert refusal in str(refused.value) and "\n" not in str(refused.value)


def test_url_files_need_a_configured_folder(serving, tmp_path):
    from flows.remote import RemoteParameterError, check_remote_parameters

    with pytest.raises(RemoteParameterError, match="NEWSDESK_URL_FILE_DIR names no folder"):
        check_remote_parameters(serving.model_copy(update={"url_file_dir": None}), None, None, str(tmp_path / "x"))


PERMITTED = [
    (None, None, None),
    ("{tmp}/data/newsdesk.duckdb", {}, None),
    ("{tmp}/data/2026/other.duckdb", {"batch_size": 50, "relevance_threshold": 0, "lookback_days": 3}, None),
    (None, {"db": "{tmp}/data/x.duckdb", "data_dir": "{tmp}/data/run"}, "{tmp}/lists/urls.txt"),
]


@pytest.mark.parametrize(("db", "options", "url_file"), PERMITTED)
def test_remote_parameters_permitted(serving, tmp_path, db, options, url_file):
    from flows.remote import check_remote_parameters

    def at(value):
        return value.format(tmp=tmp_path) if isinstance(value, str) else value

    options = {key: at(value) for key, value in (options or {}).items()} if options is not None else None
    check_remote_parameters(serving, at(db), options, at(url_file))


def test_only_runs_from_a_deployment_are_checked(monkeypatch, tmp_path):
    from flows.remote import RemoteParameterError, guard_remote_run

    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "data" / "newsdesk.duckdb"))
    guard_remote_run(None, {"allow_hosts": ["10.0.0.0/8"]})  # started locally (the CLI): the operator's own
    monkeypatch.setenv("PREFECT__RUNTIME__DEPLOYMENT__ID", "0b5e1f0e-6a43-4a3c-9a8e-6f7b9b7d7c01")
    with pytest.raises(RemoteParameterError, match="allow_hosts"):
        guard_remote_run(None, {"allow_hosts": ["10.0.0.0/8"]})
