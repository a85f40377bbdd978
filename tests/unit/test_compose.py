"""The deployment files, checked statically (no Docker here): compose.yaml, the Dockerfile, deploy/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read compose.yaml")

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"app", "postgres", "redis", "caddy"}
SECRET_NAMES = re.compile(r"PASSWORD|SECRET|TOKEN|KEY", re.I)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _stages(dockerfile: list[str]) -> list[list[str]]:
    stages: list[list[str]] = []
    for line in dockerfile:
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def test_compose_has_the_four_services(compose):
    assert set(compose["services"]) == SERVICES


def test_every_service_restarts_and_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name


def test_data_lives_in_named_volumes(compose):
    named = set(compose["volumes"])
    for name in ("app", "postgres", "caddy"):
        for volume in compose["services"][name]["volumes"]:
            source = volume.split(":", 1)[0]
            assert source in named or source.startswith("./deploy/"), (name, volume)
    assert {"postgres_data", "caddy_data"} <= named


def test_app_waits_for_healthy_postgres_and_redis(compose):
    depends = compose["services"]["app"]["depends_on"]
    assert depends == {"postgres": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}
    assert compose["services"]["caddy"]["depends_on"]["app"]["condition"] == "service_healthy"


def test_app_is_built_from_the_dockerfile_and_reads_the_env_file(compose):
    app = compose["services"]["app"]
    assert app["build"] in (".", {"context": "."})
    assert app["env_file"] == "deploy/.env"


def test_app_environment_wires_postgres_redis_and_the_proxy(compose):
    env = compose["services"]["app"]["environment"]
    assert env["REFLEX_DB_URL"].startswith("postgresql+psycopg://easytrack:${POSTGRES_PASSWORD")
    assert env["REFLEX_DB_URL"].endswith("@postgres:5432/easytrack")
    assert env["REFLEX_REDIS_URL"] == "redis://redis:6379/0"
    assert env["REFLEX_TRUSTED_PROXY_HOPS"] == "1"
    assert env["REFLEX_CORS_ALLOWED_ORIGINS"] == "https://${EASYTRACK_DOMAIN}"
    assert env["EASYTRACK_BASE_URL"].startswith("https://${EASYTRACK_DOMAIN")
    assert "WEB_CONCURRENCY" in env


def test_no_secret_is_written_into_compose(compose):
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAMES.search(key):
                assert str(value).startswith("${"), f"{name}.{key} must come from the env file"
        assert not re.search(r"://[^:/@\s]+:(?!\$\{)[^@\s]+@", str(service.get("environment"))), name


def test_only_caddy_publishes_ports(compose):
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"caddy"}


def test_env_example_documents_every_variable_compose_reads(compose):
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / "deploy" / ".env.example").read_text(), re.M))
    used = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "compose.yaml").read_text()))
    assert used <= documented
    assert {"EASYTRACK_DOMAIN", "EASYTRACK_TLS", "POSTGRES_PASSWORD", "EASYTRACK_SMTP_HOST"} <= documented


def test_dockerfile_is_multi_stage_and_builds_the_frontend_at_build_time(dockerfile):
    stages = _stages(dockerfile)
    assert len(stages) >= 2
    builder = " ".join(stages[0])
    assert "pip install -r" in builder and "bun@${BUN_VERSION}" in builder
    make_bun = re.search(r"^BUN_VERSION := (\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert f"ARG BUN_VERSION={make_bun}" in builder  # the image builds with the bun `make` uses
    assert "reflex export --frontend-only --no-zip" in builder
    runtime = stages[-1]
    assert any(line.startswith("COPY --from=builder /venv") for line in runtime)


def test_runtime_runs_as_a_non_root_user_with_health_and_stop_signal(dockerfile):
    runtime = _stages(dockerfile)[-1]
    users = [line.split()[1] for line in runtime if line.upper().startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert any(line.startswith("HEALTHCHECK") and "/health" in line for line in runtime)
    assert any(line.startswith("STOPSIGNAL") for line in runtime)
    assert any(line.startswith("ENTRYPOINT") and "entrypoint.sh" in line for line in runtime)


def test_runtime_downloads_nothing(dockerfile):
    runtime = " ".join(_stages(dockerfile)[-1])
    assert not re.search(r"\b(curl|wget)\b.*\|\s*(ba)?sh", runtime)
    assert not re.search(r"\b(pip|npm|bun|apt-get)\b\s+install", runtime)
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert not re.search(r"\b(curl|wget|pip|npm|bun|reflex)\b", entrypoint)
    assert "python -m easytrack.ops.startup" in entrypoint


def test_entrypoint_is_executable():
    assert (ROOT / "deploy" / "entrypoint.sh").stat().st_mode & 0o111


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".web", "data", "deploy/.env"} <= ignored


def test_every_download_in_the_build_can_trust_the_hosts_ca(dockerfile):
    """pip, npm and bun (reflex export) run under deploy/with-host-ca.sh with the `ca_bundle` secret mounted."""
    builder = _stages(dockerfile)[0]
    downloads = [line for line in builder if re.search(r"\b(pip install|npm install|reflex export)\b", line)]
    assert len(downloads) == 3
    for line in downloads:
        assert line.startswith("RUN --mount=type=secret,id=ca_bundle") and "with-host-ca " in line, line
    runtime = " ".join(_stages(dockerfile)[-1])
    assert "ca_bundle" not in runtime and "SSL_CERT_FILE" not in runtime
