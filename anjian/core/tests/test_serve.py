"""`anjian serve`: gunicorn by default, Django's development server only with --dev; the production rules
(`check --deploy` clean, HTTPS-only cookies, sessions that lapse); the refusal of the public development key;
and one real server started on a free port, answering a page and a static file cached for good, compressed."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from anjian import cli

ROOT = Path(__file__).resolve().parents[3]
KEY = "k3y-for-the-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
PRODUCTION = {"ANJIAN_SECRET_KEY": KEY, "ANJIAN_ALLOWED_HOSTS": "anjian.example.gov.cn,127.0.0.1"}


def environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    """A process's environment outside pytest (whose PYTEST_VERSION keeps the settings in test mode), with its own
    data folder and SQLite file, never the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANJIAN_", "PYTEST_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return env | {"ANJIAN_DATA_DIR": str(tmp_path), "ANJIAN_LOG_LEVEL": "ERROR", **variables}


def run(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    command = [sys.executable, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)  # noqa: S603


def settings_of(env: dict[str, str], *names: str) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", script], env | {"DJANGO_SETTINGS_MODULE": "anjian.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plain_serve_runs_gunicorn_with_bounded_workers(monkeypatch):
    monkeypatch.delenv("ANJIAN_WORKERS", raising=False)
    monkeypatch.delenv("ANJIAN_THREADS", raising=False)
    options = cli.serve_options("serve", [])
    assert not options.dev and options.addr == "127.0.0.1:8000"
    assert 2 <= options.workers <= cli.MAX_DEFAULT_WORKERS and options.threads == cli.DEFAULT_THREADS
    command = cli.gunicorn_command(options)
    assert command[:4] == [sys.executable, "-m", "gunicorn", "anjian.wsgi:application"]
    assert command[command.index("--workers") + 1] == str(options.workers)
    assert command[command.index("--worker-class") + 1] == "gthread"
    assert "runserver" not in command


def test_dev_chooses_the_development_server():
    options = cli.serve_options("serve", ["0.0.0.0:9000", "--dev"])
    assert options.dev
    assert cli.dev_command(options) == ["anjian", "runserver", "--noreload", "0.0.0.0:9000"]


def test_workers_and_threads_from_the_environment_or_the_command_line(monkeypatch):
    monkeypatch.setenv("ANJIAN_WORKERS", "5")
    monkeypatch.setenv("ANJIAN_THREADS", "2")
    assert (cli.serve_options("demo", []).workers, cli.serve_options("demo", []).threads) == (5, 2)
    options = cli.serve_options("serve", ["--workers", "3", "--threads", "8"])
    assert (options.workers, options.threads) == (3, 8)
    with pytest.raises(SystemExit):
        cli.serve_options("serve", ["--workers", "0"])
    with pytest.raises(SystemExit):
        cli.serve_options("serve", ["--threads", "1000"])


def test_database_connections_stay_below_what_postgresql_accepts():
    pool = {"OPTIONS": {"pool": {"min_size": 1, "max_size": 4}}}
    assert cli.connections_per_process(pool, threads=4) == 4
    assert cli.connections_per_process(pool, threads=2) == 2  # a thread holds one connection at a time
    assert cli.connections_per_process({"OPTIONS": {}}, threads=6) == 6
    assert cli.connection_problem(workers=3, per_process=4, available=97) is None  # (3 + 1) * 4 + 2 = 18
    problem = cli.connection_problem(workers=30, per_process=4, available=97)
    assert "126" in problem and "97" in problem and "ANJIAN_WORKERS" in problem


def test_postgresql_gets_a_bounded_pool_outside_the_tests(tmp_path):
    url = "postgres://anjian@127.0.0.1:5432/anjian"
    databases = settings_of(environment(tmp_path, DATABASE_URL=url, ANJIAN_DB_POOL_SIZE="3"), "DATABASES")
    default = databases["DATABASES"]["default"]
    assert default["OPTIONS"]["pool"]["max_size"] == 3
    assert default["CONN_MAX_AGE"] == 0  # the pool keeps the connections; Django refuses both at once
    assert default["CONN_HEALTH_CHECKS"] is True


def test_sqlite_waits_for_the_lock_and_lets_readers_read(tmp_path):
    default = settings_of(environment(tmp_path), "DATABASES")["DATABASES"]["default"]
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and default["OPTIONS"]["timeout"] >= 10
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


def test_production_rules(tmp_path):
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
    names += ["SESSION_COOKIE_AGE", "ANJIAN_SESSION_RENEW_SECONDS", "STORAGES", "DEBUG"]
    production = settings_of(environment(tmp_path, **PRODUCTION), *names)
    assert production["SECURE_SSL_REDIRECT"] and production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_AGE"] == 1800 and production["ANJIAN_SESSION_RENEW_SECONDS"] == 60
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == "anjian.cli.StaticFilesStorage"
    shorter = settings_of(environment(tmp_path, **PRODUCTION, ANJIAN_SESSION_AGE="900"), "SESSION_COOKIE_AGE")
    assert shorter["SESSION_COOKIE_AGE"] == 900
    # The demo runs over plain HTTP on this machine: none of the HTTPS rules, but the same static files.
    demo = settings_of(environment(tmp_path, **PRODUCTION, ANJIAN_DEMO="1"), *names)
    assert not demo["SECURE_SSL_REDIRECT"] and not demo["SESSION_COOKIE_SECURE"]
    assert demo["STORAGES"]["staticfiles"]["BACKEND"] == "anjian.cli.StaticFilesStorage"


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment(tmp_path, **PRODUCTION))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Without a key of its own (the development one) the same check fails, naming the key.
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment(tmp_path))
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


def test_serve_refuses_the_development_key(tmp_path):
    result = run(["-m", "anjian.cli", "serve", "127.0.0.1:1"], environment(tmp_path))
    assert result.returncode == 1
    assert "ANJIAN_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "anjian.sqlite3").exists()  # refused before touching anything


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    return opener.open(request, timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(url: str, server: subprocess.Popen, seconds: int = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "anjian serve stopped"
        try:
            get(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def database_url() -> str:
    """The test database, for a server process of its own (PostgreSQL: already migrated)."""
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "") + (f":{urllib.parse.quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


SERVER_APP = "anjian-test-server"  # libpq names the server's connections by PGAPPNAME


def server_connections() -> int:
    """The server's own connections: not autovacuum's, nor any this test process holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND application_name = %s",
            [SERVER_APP],
        )
        return cursor.fetchone()[0]


def ask_for_tokens(base: str, count: int) -> list[int]:
    """Wrong passwords, several at once: each request reads the user table (a connection from the pool)."""
    body = json.dumps({"username": "nobody", "password": "wrong"}).encode()

    def post(_):
        request = urllib.request.Request(  # noqa: S310
            f"{base}/api/v1/auth/token/",
            data=body,
            headers={"X-Forwarded-Proto": "https", "Content-Type": "application/json"},
        )
        try:
            return urllib.request.urlopen(request, timeout=60).status  # noqa: S310
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(post, range(count)))


# What a server's requests commit into the shared PostgreSQL test database (refused sign-ins, sessions, write counts):
# taken out again afterwards, so that the next tests of this process find only their own rows.
SERVER_WRITES = ("core_securityevent", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog", "django_session",
                 "core_freshness")  # fmt: skip


def forget_server_writes() -> None:
    """Delete what the server committed, on a connection of its own (this test's transaction only rolls back its
    own rows), as deliberate upkeep past the guard of the security log (core.pg_guard)."""
    import psycopg

    with psycopg.connect(database_url()) as conn:
        conn.execute("SELECT set_config('anjian.maintenance', 'on', true)")
        for table in SERVER_WRITES:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - constant names


@pytest.fixture
def server_database(db, tmp_path):
    """The migrated test database for the server, whose own migrate then has nothing to do. PostgreSQL: the test
    database itself, cleared of the server's writes afterwards. SQLite: its tables and recorded migrations, written
    into the server's own file (the test database lives in this process's memory)."""
    if connection.vendor == "postgresql":
        yield {"DATABASE_URL": database_url()}
        forget_server_writes()
        return
    connection.ensure_connection()
    with sqlite3.connect(tmp_path / "anjian.sqlite3") as copy:
        copy.executescript("\n".join(connection.connection.iterdump()))
    yield {}


def test_a_real_production_server(tmp_path, server_database):
    """migrate, collectstatic, gunicorn: the login page over (proxied) HTTPS, a static file under its hashed name
    cached for good, its brotli and gzip copies, plain HTTP redirected, requests that read the database (on
    PostgreSQL: no more connections than 2 processes x 2 threads); SIGTERM stops it."""
    base = f"http://127.0.0.1:{free_port()}"
    env = environment(tmp_path, **PRODUCTION, **server_database, PGAPPNAME=SERVER_APP)
    command = [sys.executable, "-m", "anjian.cli", "serve", base.removeprefix("http://"), "--workers", "2"]
    command += ["--threads", "2"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_for(f"{base}/login/", server)
        page = get(f"{base}/login/")
        assert page.status == 200 and page.headers["Server"] == "gunicorn"
        assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
        assert "; Secure" in page.headers["Set-Cookie"]
        html = page.read().decode()
        start = html.index("/static/vendor/bootstrap/bootstrap.min.")
        css = html[start : html.index('"', start)]
        assert css.endswith(".css") and css.count(".") == 3  # bootstrap.min.<hash>.css

        plain = get(base + css)
        assert "immutable" in plain.headers["Cache-Control"] and "max-age=315360000" in plain.headers["Cache-Control"]
        brotli = get(base + css, **{"Accept-Encoding": "br"})
        gzip = get(base + css, **{"Accept-Encoding": "gzip"})
        assert (brotli.headers["Content-Encoding"], gzip.headers["Content-Encoding"]) == ("br", "gzip")
        assert int(brotli.headers["Content-Length"]) < int(plain.headers["Content-Length"]) / 3

        request = urllib.request.Request(f"{base}/login/")  # noqa: S310 - plain HTTP, no proxy header
        with pytest.raises(urllib.error.HTTPError) as redirect:
            urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        assert redirect.value.code == 301 and redirect.value.headers["Location"].startswith("https://")

        assert all(400 <= status < 500 for status in ask_for_tokens(base, 12))  # refused, and no server error
        if server_database:  # PostgreSQL
            assert 1 <= server_connections() <= 2 * 2  # each process's pool holds at most its 2 threads' worth
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0].decode()
    assert server.returncode == 0, output
    assert "Booting worker" in output and "runserver" not in output
