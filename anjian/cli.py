"""`anjian` command line: a thin front over manage.py for the everyday jobs.

anjian serve [ADDR]        migrate and serve (default 127.0.0.1:8000)
anjian demo [ADDR]         migrate, load the demo county if the database is empty, print logins, serve
                           (with a job worker beside the server, stopped with it)
anjian db_worker [OPTS]    run the background jobs (django-tasks-db's worker) and the schedule of scans;
                           --batch: tick the schedule once, run what is queued, exit; --no-scheduler: jobs only
anjian import FILE.xlsx    import an enterprise list (see registry import)
anjian export FILE.xlsx    export the enterprise list
anjian backup [FILE]       one archive (mode 0600) of the database and the uploaded files
anjian restore FILE       restore such an archive into an empty database and media folder
anjian <any manage.py command>
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

_ALIASES = {"import": "import_enterprises", "export": "export_enterprises", "backup": "backup", "restore": "restore"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    django.setup()
    command, rest = args[0], args[1:]
    if command in ("serve", "demo"):
        _prepare_data_dir()
        call_command("migrate", interactive=False, verbosity=0)
        if command == "demo":
            call_command("load_demo", if_empty=True)
        addr = rest[0] if rest else "127.0.0.1:8000"
        worker = _start_worker() if command == "demo" else None
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # so `finally` stops the worker
        try:
            execute_from_command_line(["anjian", "runserver", "--noreload", addr])
        finally:
            _stop_worker(worker)
    elif command == "db_worker":
        db_worker(rest)
    elif command in _ALIASES:
        # execute_from_command_line prints a CommandError as one clear line, not a traceback.
        execute_from_command_line(["anjian", _ALIASES[command], *rest])
    else:
        execute_from_command_line(["anjian", *args])


def db_worker(rest: list[str]) -> None:
    """django-tasks-db's worker, with the scheduler ticking in a thread beside it (once, in batch mode)."""
    from django.core.management import call_command

    from anjian.notifications import scheduler

    scheduled = "--no-scheduler" not in rest
    options = [a for a in rest if a != "--no-scheduler"]
    stop = threading.Event()
    if scheduled and "--batch" in options:
        scheduler.tick()
    elif scheduled:
        threading.Thread(target=scheduler.loop, args=(stop,), name="anjian-scheduler", daemon=True).start()
    try:
        call_command("db_worker", *options)
    finally:
        stop.set()


def _start_worker() -> subprocess.Popen:
    """The demo's job worker: a process of its own, so reminders appear while the server runs. Quiet: a line a
    job would bury the server's log (failed deliveries are shown to the county office at /notifications/problems/)."""
    command = [sys.executable, "-m", "anjian.cli", "db_worker", "--interval", "2", "--verbosity", "0"]
    return subprocess.Popen(command)  # noqa: S603


def _stop_worker(worker: subprocess.Popen | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()


def _prepare_data_dir() -> None:
    from django.conf import settings

    for folder in (settings.DATA_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        folder.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
