"""`anjian` command line: a thin front over manage.py for the everyday jobs.

anjian serve [ADDR] [--workers N] [--threads N] [--dev]
                           migrate, collect the static files and serve with gunicorn (default 127.0.0.1:8000):
                           N processes (ANJIAN_WORKERS, default: CPUs + 1, at most 8) of N threads each
                           (ANJIAN_THREADS, default 4); refuses to start without ANJIAN_SECRET_KEY and when the
                           processes could open more connections than PostgreSQL allows;
                           --dev: Django's development server instead
anjian demo [ADDR] [...]   migrate, load the demo county if the database is empty, print logins, serve as above
                           (with a job worker beside the server, stopped with it)
anjian worker [OPTS]       run the background jobs and the schedule of scans: django-tasks-db's worker, or RQ's
                           on Redis when ANJIAN_REDIS_URL is set; --batch: tick the schedule once, run what is
                           queued, exit; --no-scheduler: jobs only (`anjian db_worker`: the same, its old name)
anjian import FILE.xlsx    import an enterprise list (see registry import)
anjian export FILE.xlsx    export the enterprise list
anjian backup [FILE]       one archive (mode 0600) of the database and the uploaded files
anjian restore FILE       restore such an archive into an empty database and media folder
anjian generate_province --counties N [--seed S]
                           fill an empty database with a province of N generated counties (trying Anjian at scale)
anjian rebuild_summaries [--county CODE] [--check]
                           count the county-by-month summary tables afresh from the records (after a restore)
anjian <any manage.py command>
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from whitenoise.storage import CompressedManifestStaticFilesStorage

_ALIASES = {"import": "import_enterprises", "export": "export_enterprises", "backup": "backup", "restore": "restore"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    import django
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    command, rest = args[0], args[1:]
    if command in ("serve", "demo"):
        serve(command, rest)  # sets Django up itself: the settings must know first whether this is the demo
        return
    django.setup()
    if command in ("worker", "db_worker"):  # db_worker: the name before the jobs could queue on Redis
        from anjian.notifications import worker

        worker.run(rest)
    elif command in _ALIASES:
        # execute_from_command_line prints a CommandError as one clear line, not a traceback.
        execute_from_command_line(["anjian", _ALIASES[command], *rest])
    else:
        execute_from_command_line(["anjian", *args])


def _start_worker() -> subprocess.Popen:
    """The demo's job worker: a process of its own, so reminders appear while the server runs. Quiet: a line a
    job would bury the server's log (failed deliveries are shown to the county office at /notifications/problems/).
    The demo's jobs queue in the database (the settings ignore ANJIAN_REDIS_URL in the demo)."""
    command = [sys.executable, "-m", "anjian.cli", "worker", "--interval", "2", "--verbosity", "0"]
    return subprocess.Popen(command)  # noqa: S603


# ---- serve and demo: gunicorn, or Django's development server with --dev ----


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The static files of production and the demo (settings.STORAGES): names with a hash of the content,
    gzip and brotli copies. A vendored file may name a source map that is not shipped (Bootstrap's
    `sourceMappingURL=bootstrap.min.css.map`): that comment is left as it is (only the browser's developer tools
    read it) instead of failing collectstatic; any other missing file a CSS or JS file names still fails it."""

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if "sourceMappingURL" in matchobj["matched"]:
                    return matchobj["matched"]
                raise

        return converter


MAX_DEFAULT_WORKERS = 8
DEFAULT_THREADS = 4
SPARE_CONNECTIONS = 2  # besides the server's and the job worker's: a command (migrate, backup), a psql session


@dataclass(frozen=True)
class ServeOptions:
    addr: str
    workers: int
    threads: int
    dev: bool


def default_workers() -> int:
    """One process per CPU this process may use, plus one (a process waiting on the database leaves its CPU to
    another), at most MAX_DEFAULT_WORKERS: more would only hold more memory and database connections."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus + 1, MAX_DEFAULT_WORKERS)


def number(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"{text}: give a number from 1 to 64")
    return value


def serve_options(command: str, rest: list[str]) -> ServeOptions:
    parser = argparse.ArgumentParser(prog=f"anjian {command}", description=f"See `anjian help` for {command}.")
    parser.add_argument("addr", nargs="?", default="127.0.0.1:8000", help="HOST:PORT or unix:PATH to listen on")
    workers = os.environ.get("ANJIAN_WORKERS") or str(default_workers())
    parser.add_argument("--workers", type=number, default=workers, help="server processes (ANJIAN_WORKERS)")
    threads = os.environ.get("ANJIAN_THREADS") or str(DEFAULT_THREADS)
    parser.add_argument("--threads", type=number, default=threads, help="threads per process (ANJIAN_THREADS)")
    parser.add_argument("--dev", action="store_true", help="Django's development server instead of gunicorn")
    options = parser.parse_args(rest)
    return ServeOptions(options.addr, options.workers, options.threads, options.dev)


def gunicorn_command(options: ServeOptions) -> list[str]:
    """gunicorn's threaded workers: a slow request (an export, a PDF) holds one thread, not a process, and is not
    killed by the timeout, which only catches a process that stopped answering. Each process is replaced after
    some thousands of requests, so no leak grows without end."""
    command = [
        *(sys.executable, "-m", "gunicorn", "anjian.wsgi:application", "--bind", options.addr),
        *("--workers", str(options.workers), "--threads", str(options.threads), "--worker-class", "gthread"),
        *("--timeout", "60", "--graceful-timeout", "30", "--max-requests", "5000", "--max-requests-jitter", "500"),
        "--no-control-socket",  # gunicorn's admin socket (one path in $HOME for every instance): not needed
    ]
    if access_log := os.environ.get("ANJIAN_ACCESS_LOG"):
        command += ["--access-logfile", access_log]
    return command


def dev_command(options: ServeOptions) -> list[str]:
    return ["anjian", "runserver", "--noreload", options.addr]


def serve(command: str, rest: list[str]) -> None:
    options = serve_options(command, rest)
    if command == "demo":
        os.environ["ANJIAN_DEMO"] = "1"  # read by the settings; the server and the job worker inherit it
    # Each server thread may hold one database connection at a time: the pool of each process is as large.
    os.environ.setdefault("ANJIAN_DB_POOL_SIZE", str(options.threads))
    import django

    django.setup()
    _check_secret_key(command, options)
    _prepare(command)
    if not options.dev:
        _check_connections(options)
    _close_connections()  # the server's processes open their own
    _stop_on_sigterm()
    print(_banner(options), flush=True)
    if not options.dev and command == "serve":
        # gunicorn takes this process's place: a service manager's signals reach it directly (TERM: stop after
        # the requests under way, HUP: new processes with the new code).
        os.execv(sys.executable, gunicorn_command(options))  # noqa: S606
    children = [_start_worker()] if command == "demo" else []
    try:
        if options.dev:
            from django.core.management import execute_from_command_line

            execute_from_command_line(dev_command(options))
        else:
            server = subprocess.Popen(gunicorn_command(options))  # noqa: S603
            children.append(server)
            if server.wait():  # it could not start (the address taken, …): its message is above
                raise SystemExit(server.returncode)
    except KeyboardInterrupt:
        pass  # Ctrl-C reached the children too
    finally:
        _stop_all(children)


def _check_secret_key(command: str, options: ServeOptions) -> None:
    from django.conf import settings

    if settings.SECRET_KEY != settings.DEV_SECRET_KEY:
        return
    if command == "serve" and not options.dev:
        raise SystemExit(
            "anjian serve: ANJIAN_SECRET_KEY is not set, and the development key is public: anyone could forge "
            "a login with it. Set a long random key of your own, e.g. the output of\n"
            "  python3 -c 'import secrets; print(secrets.token_urlsafe(50))'\n"
            "(`anjian demo` runs without one, for trying Anjian on this machine only)."
        )
    print(
        "Warning: Anjian runs with the public development secret key (ANJIAN_SECRET_KEY is not set): "
        "serve it only to this machine.",
        file=sys.stderr,
    )


def _prepare(command: str) -> None:
    from django.core.management import call_command

    _prepare_data_dir()
    call_command("migrate", interactive=False, verbosity=0)
    _collect_static()
    if command == "demo":
        call_command("load_demo", if_empty=True)


def _collect_static() -> None:
    """collectstatic, when the static files or their storage changed since the last time (it hashes and
    compresses every file: 15 s of CPU). Not for the development server without the hashed names (settings
    STATIC_MANIFEST off): WhiteNoise serves the source files then."""
    from django.conf import settings
    from django.core.management import call_command

    if not settings.STATIC_MANIFEST:
        return
    stamp = settings.STATIC_ROOT / ".anjian-collected"
    fingerprint = static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint and (settings.STATIC_ROOT / "staticfiles.json").exists():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)


def static_fingerprint() -> str:
    """What collectstatic would collect, and how: each file's path, size and time of change, the storage."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    files = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            status = os.stat(storage.path(path))
            files.append(f"{getattr(storage, 'prefix', None) or ''}/{path} {status.st_size} {status.st_mtime_ns}")
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    digest.update("\n".join(sorted(files)).encode())
    return digest.hexdigest()


def connections_per_process(settings_dict: dict, threads: int) -> int:
    """The most connections one server process can hold: its pool's size, or one per thread without a pool; a
    thread holds one at a time, so never more than its threads."""
    pool = settings_dict.get("OPTIONS", {}).get("pool")
    if isinstance(pool, dict) and pool.get("max_size"):
        return min(int(pool["max_size"]), threads)
    return threads


def connection_problem(workers: int, per_process: int, available: int) -> str | None:
    """Why the server would run out of PostgreSQL connections (None if it will not): its processes, the job
    worker (one process like them) and SPARE_CONNECTIONS must fit in what the server accepts."""
    needed = (workers + 1) * per_process + SPARE_CONNECTIONS
    if needed <= available:
        return None
    return (
        f"anjian serve: {workers} server processes and a job worker, {per_process} database connections each, "
        f"and {SPARE_CONNECTIONS} for commands need {needed} connections; PostgreSQL accepts {available} "
        "(max_connections less the reserved ones). Lower ANJIAN_WORKERS, ANJIAN_THREADS or ANJIAN_DB_POOL_SIZE, "
        "or raise max_connections."
    )


def _check_connections(options: ServeOptions) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - coalesce(current_setting('reserved_connections', true), '0')::int"
        )
        (available,) = cursor.fetchone()
    problem = connection_problem(
        options.workers, connections_per_process(connection.settings_dict, options.threads), available
    )
    if problem:
        raise SystemExit(problem)


def _close_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):  # PostgreSQL
            connection.close_pool()


def _banner(options: ServeOptions) -> str:
    if options.dev:
        return f"Anjian: Django's development server on {options.addr} (not for production)"
    return (
        f"Anjian: gunicorn on {options.addr}, {options.workers} processes of {options.threads} threads "
        "(Ctrl-C stops it)"
    )


def _stop_all(processes: list[subprocess.Popen], timeout: float = 35) -> None:
    """The demo's server and job worker, together: each finishes what it is doing (gunicorn's graceful timeout is
    30 s), then whatever still runs is killed."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def _stop_on_sigterm() -> None:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # so `finally` stops the children


def _prepare_data_dir() -> None:
    from django.conf import settings

    for folder in (settings.DATA_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        folder.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
