"""docker-compose.yml, validated without a Docker engine.

The file is interpolated the way Compose does it (``${VAR:-default}`` with
an empty environment), then parsed by ``compose-spec`` (bindings to the Rust
compose_spec crate, a validating implementation of the Compose
Specification), then checked for what newsdesk promises in README.
"""

import re
from pathlib import Path

import pytest
import yaml
from compose_spec import PyCompose

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}")


def interpolate(text: str, env: dict[str, str] | None = None) -> str:
    """Compose's ${VAR} / ${VAR:-default} substitution."""
    env = env or {}
    return _VARIABLE.sub(lambda m: env.get(m.group(1)) or (m.group(2) or ""), text)


@pytest.fixture(scope="module")
def compose() -> dict:
    text = interpolate(COMPOSE.read_text(encoding="utf-8"))
    PyCompose.from_yaml(text)  # raises ValueError with the path of the first violation
    return yaml.safe_load(text)


def test_validator_rejects_what_compose_rejects():
    with pytest.raises(ValueError, match="imagee"):
        PyCompose.from_yaml("services: {web: {imagee: nginx}}")


def test_services_volumes_and_healthchecks(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "prefect-server", "newsdesk"}
    assert all("healthcheck" in s for s in services.values())
    assert services["prefect-server"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["newsdesk"]["depends_on"]["prefect-server"]["condition"] == "service_healthy"
    assert "warehouse:/data" in services["newsdesk"]["volumes"]
    assert "warehouse" in compose["volumes"]


def test_prefect_server_is_bound_to_loopback_by_default(compose):
    assert compose["services"]["prefect-server"]["ports"] == ["127.0.0.1:4200:4200"]
    assert (
        "postgresql+asyncpg://"
        in compose["services"]["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    )


def test_newsdesk_is_configured_by_environment(compose):
    env = compose["services"]["newsdesk"]["environment"]
    assert env["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    assert env["NEWSDESK_DB"].startswith("/data/")
    assert env["NEWSDESK_SCHEDULE_CRON"] == "0 6 * * *"
    assert compose["services"]["newsdesk"]["command"][-2:] == ["newsdesk", "serve"]


def test_binding_can_be_opened_on_purpose():
    text = interpolate(COMPOSE.read_text(encoding="utf-8"), {"PREFECT_UI_BIND": "0.0.0.0"})
    assert yaml.safe_load(text)["services"]["prefect-server"]["ports"] == ["0.0.0.0:4200:4200"]


def test_prefect_yaml_declares_the_same_deployments():
    from flows.deployments import BACKFILL, DAILY

    spec = yaml.safe_load((COMPOSE.parent / "prefect.yaml").read_text(encoding="utf-8"))
    by_name = {d["name"]: d for d in spec["deployments"]}
    assert set(by_name) == {DAILY, BACKFILL}
    assert by_name[DAILY]["schedules"][0] == {"cron": "0 6 * * *", "timezone": "Asia/Shanghai"}
    for deployment in by_name.values():
        module, _, function = deployment["entrypoint"].partition(":")
        assert (COMPOSE.parent / module).exists() and function in (COMPOSE.parent / module).read_text()
