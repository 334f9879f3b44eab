"""Shared fixtures: few, named for the state they provide."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
ZH_DEV = SEEDS.parent / "zh_dev"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The shared seed corpus (CI places it at ../shared/seeds)."""
    if not SEEDS.is_dir():
        pytest.fail(f"seed corpus not found at {SEEDS}; it must sit beside the checkout as ../shared/seeds")
    return SEEDS


@pytest.fixture(scope="session")
def zh_dev_dir() -> Path:
    """zh_dev's 40 real pages (CI places them at ../shared/zh_dev)."""
    if not ZH_DEV.is_dir():
        pytest.fail(f"zh_dev not found at {ZH_DEV}; it must sit beside the checkout as ../shared/zh_dev")
    return ZH_DEV


class _PrefectServer:
    """A real ``prefect server start`` (SQLite in a temporary folder) on a free loopback port.

    It is started when the session starts and boots (~25 s) on the other core
    while the tests that need no Prefect run; the first flow test waits for it.
    """

    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="newsdesk-prefect-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.api_url = f"http://127.0.0.1:{port}/api"
        env = {
            **os.environ,
            "PREFECT_HOME": str(self.home / "home"),
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{self.home / 'prefect.db'}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        env.pop("PREFECT_API_URL", None)
        self.log = open(self.home / "server.log", "w")  # noqa: SIM115 - closed in stop()
        prefect = Path(sys.executable).parent / "prefect"
        self.process = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_healthy(self, timeout: float = 180) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prefect server exited: {(self.home / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"prefect server not healthy after {timeout:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


_server: _PrefectServer | None = None


def _xdist_controller(config: pytest.Config) -> bool:
    """Whether this process only hands tests to pytest-xdist workers (each worker starts its own server)."""
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", None))


def pytest_sessionstart(session: pytest.Session) -> None:
    global _server
    if not _xdist_controller(session.config):
        _server = _PrefectServer()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _server is not None:
        _server.stop()


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One temporary Prefect API (SQLite) for every flow test in the run, as ``PREFECT_API_URL``, and the settings
    of :func:`flows.local.local_runs`."""
    import prefect.context
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.local import local_runs

    assert _server is not None
    _server.wait_healthy()
    with (
        temporary_settings(updates={PREFECT_API_URL: _server.api_url}),
        local_runs(),  # the tests run flows in their own process, as the CLI does
        prefect.context._temporary_global_settings_context(prefect.context.get_settings_context()),
    ):
        yield
        APILogWorker.drain_all()  # before the server stops: no connection errors at exit
        EventsWorker.drain_all()


# Loopback test servers must be allowed explicitly (the SSRF guard refuses
# them by default) and need no pacing.
LOOPBACK = {"allow_hosts": ["127.0.0.1", "localhost"], "per_host_delay": 0.0}


@pytest.fixture
def web(httpserver):
    """pytest-httpserver with a robots.txt that allows everything (404 = no rules)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A warehouse path in a fresh folder (the file does not exist yet)."""
    return tmp_path / "wh" / "newsdesk.duckdb"


@pytest.fixture(scope="session")
def demo_site():
    """The bundled sample news site, on a free loopback port."""
    from flows.demo.site import serve_demo_site

    with serve_demo_site(port=0) as site:
        yield site


@contextmanager
def holding_warehouse(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holds *path* read-write, as an open DuckDB CLI would, until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.communicate("\n", timeout=10)


@pytest.fixture
def prefect_api_url(prefect_server) -> str:
    """The session's test Prefect API, for flows run in subprocesses."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


# ── Every warehouse the real pipeline builds in a test must hold the warehouse invariants ──
#
# After each test in REAL_PIPELINE, every DuckDB file it left in its tmp_path is checked
# with warehouse.invariants (read-only); a broken rule fails the test at teardown, naming
# the file, the rule and a few offending rows. The rest of tests/warehouse is left out on
# purpose: it builds warehouses from hand-written rows that omit what a test does not need
# (test_loader's articles have no signatures, and mentions of an entity "e" at offsets that
# are not in their text). A test that breaks a warehouse on purpose carries
# @pytest.mark.corrupt_warehouse.
TESTS = Path(__file__).resolve().parent
# Folders and files whose warehouses come from flow runs, or from records → spool → loader.
REAL_PIPELINE = ("flows", "deploy", "warehouse/test_neardup.py", "warehouse/test_invariants.py")
# Per-test tmp_paths already checked (or deliberately broken), so the module-level check skips them.
_per_test_dirs: set[Path] = set()


def _real_pipeline(path: Path) -> bool:
    """Whether the test module at *path* is one of REAL_PIPELINE (or in one of its folders)."""
    return any(path.resolve().is_relative_to(TESTS / entry) for entry in REAL_PIPELINE)


def _invariant_failures(folder: Path) -> list[str]:
    """One line per broken invariant of every newsdesk warehouse under *folder*."""
    import warnings

    from warehouse.exceptions import WarehouseError, WarehouseLocked
    from warehouse.invariants import check_warehouse

    lines = []
    for path in sorted(folder.rglob("*.duckdb")):
        try:
            violations = check_warehouse(path, wait=0)
        except WarehouseLocked:
            warnings.warn(f"{path} not checked: still locked when the test ended", stacklevel=1)
            continue
        except WarehouseError:
            continue  # not a DuckDB file, or not a newsdesk warehouse (no schema, older schema)
        lines += [f"{path}: {v.line()}" for v in violations]
    return lines


def _fail_on(lines: list[str], what: str) -> None:
    if lines:
        pytest.fail(f"warehouse invariants broken in {what}:\n" + "\n".join(lines), pytrace=False)


@pytest.fixture(autouse=True)
def _warehouses_hold_their_invariants(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a REAL_PIPELINE test, the warehouses in its tmp_path hold every invariant.

    tmp_path is requested here, at setup, only if the test uses it anyway: this teardown
    then runs after the test's own fixtures (servers, lock holders) have closed.
    """
    if "tmp_path" not in request.fixturenames or not _real_pipeline(request.node.path):
        yield
        return
    tmp_path = request.getfixturevalue("tmp_path")
    _per_test_dirs.add(tmp_path)
    yield
    if request.node.get_closest_marker("corrupt_warehouse") is None:
        _fail_on(_invariant_failures(tmp_path), "this test's tmp_path")


@pytest.fixture(scope="module", autouse=True)
def _module_warehouses_hold_their_invariants(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The same for warehouses that module-scoped fixtures build with tmp_path_factory (test_report's, test_invariants')."""
    if not _real_pipeline(request.node.path):
        yield
        return
    base = tmp_path_factory.getbasetemp()
    before = set(base.iterdir())
    yield
    made = sorted(set(base.iterdir()) - before - _per_test_dirs)
    made = [folder for folder in made if not folder.is_symlink()]  # pytest's "<name>current" links to the latest
    _fail_on([line for folder in made for line in _invariant_failures(folder)], "this module's fixtures")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The deployment tests last: the tests before them need no Prefect server, or only once it has booted."""
    items.sort(key=lambda item: "tests/deploy/" in item.nodeid)
