"""The deployment files agree with the code: the environment example names every setting Anjian reads, the systemd
units and docker-compose.yml run the commands the guide tests (deploy/check-guide.sh runs them for real:
`make check-guide`), and what compose mounts exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
READ = re.compile(r'os\.environ(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]+)"')
NOT_SETTINGS = {"CI", "PG_BIN", "ANJIAN_DEMO", "ANJIAN_DEBUG"}  # the test runs', and never in production


def read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "anjian").rglob("*.py"):
        if "tests" not in path.parts:
            names |= set(READ.findall(path.read_text()))
    names |= {"ANJIAN_AUTH_KEY", "ANJIAN_AUTH_KEY_FILE"}  # core.keyring, named by the keyring of anjian/mfa
    names |= {"ANJIAN_PUBLIC_REPORT_RATES", "ANJIAN_PUBLIC_LOOKUP_RATES"}  # public.throttling, by a table
    return names - NOT_SETTINGS


def test_the_environment_example_names_every_setting():
    example = (DEPLOY / "anjian.env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert read_by_the_code() - named == set()
    assert {
        "DATABASE_REPLICA_URL",
        "ANJIAN_REPLICA_PIN_SECONDS",
        "ANJIAN_TRUSTED_PROXY",
        "FORWARDED_ALLOW_IPS",
    } <= named


def unit(name: str) -> dict[str, str]:
    lines = (DEPLOY / "systemd" / name).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_the_systemd_units_run_the_tested_commands():
    web, worker, backup = unit("anjian-web.service"), unit("anjian-worker.service"), unit("anjian-backup.service")
    assert web["ExecStart"] == "/srv/anjian/.venv/bin/anjian serve 127.0.0.1:8001"
    assert worker["ExecStart"] == "/srv/anjian/.venv/bin/anjian worker"
    assert backup["ExecStart"] == "/srv/anjian/.venv/bin/anjian backup"
    assert {web["EnvironmentFile"], worker["EnvironmentFile"], backup["EnvironmentFile"]} == {"/etc/anjian/anjian.env"}
    assert unit("anjian-backup.timer")["OnCalendar"] == "*-*-* 02:30:00"
    assert "127.0.0.1:8001" in (DEPLOY / "nginx" / "upstream.conf").read_text()


def test_nginx_lets_uploads_through_to_anjians_own_limit_and_never_serves_media():
    from anjian.core import uploads

    conf = (DEPLOY / "nginx" / "anjian.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert limit * 1024 * 1024 == uploads.MAX_REQUEST_BYTES
    assert "location /media/" not in conf and "X-Forwarded-Proto $scheme" in conf


def test_compose_mirrors_the_systemd_path():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "nginx"}
    assert services["postgres"]["image"] == "postgres:15"
    assert services["web"]["command"] == ["anjian", "serve", "0.0.0.0:8001"]
    assert services["worker"]["command"] == ["anjian", "worker"]
    assert services["web"]["build"] == "." and (ROOT / "Dockerfile").exists()
    assert services["web"]["environment"]["ANJIAN_REDIS_URL"] == "redis://redis:6379/0"
    for volume in services["nginx"]["volumes"]:
        source = volume.split(":")[0]
        if source.startswith("./") and not source.endswith("tls"):
            assert (ROOT / source).exists(), source
    assert "web:8001" in (DEPLOY / "nginx" / "upstream-compose.conf").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "-c requirements.lock ." in dockerfile
