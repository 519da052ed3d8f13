"""`anjian` command line: a thin front over manage.py for the everyday jobs.

anjian serve [ADDR]        migrate and serve (default 127.0.0.1:8000)
anjian demo [ADDR]         migrate, load the demo county if the database is empty, print logins, serve
anjian import FILE.xlsx    import an enterprise list (see registry import)
anjian export FILE.xlsx    export the enterprise list
anjian backup [FILE]       one archive (mode 0600) of the database and the uploaded files
anjian restore FILE       restore such an archive into an empty database and media folder
anjian <any manage.py command>
"""

from __future__ import annotations

import os
import sys

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
        execute_from_command_line(["anjian", "runserver", "--noreload", addr])
    elif command in _ALIASES:
        # execute_from_command_line prints a CommandError as one clear line, not a traceback.
        execute_from_command_line(["anjian", _ALIASES[command], *rest])
    else:
        execute_from_command_line(["anjian", *args])


def _prepare_data_dir() -> None:
    from django.conf import settings

    for folder in (settings.DATA_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        folder.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
