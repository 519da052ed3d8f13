"""Where the background jobs queue: in the database (django-tasks-db, a county) or on Redis with RQ
(django-tasks-rq, a province; ANJIAN_REDIS_URL). The jobs themselves are the same django-tasks code either way.

Imported by the settings: nothing here may import a model or the settings at import time."""

from __future__ import annotations

import urllib.parse
from functools import partial

# The django-tasks queue every Anjian job is declared on (`@task()`), and so the RQ queue the worker reads.
QUEUE = "default"
# A scan of a province may take minutes: RQ stops a job after its timeout (its own default is 3 minutes).
JOB_TIMEOUT = 3600
REDIS_TIMEOUT = 2  # seconds `anjian check` waits for Redis


def redis_settings(url: str) -> dict:
    """The settings that put the jobs on the Redis at `url`, and Django's cache there too: the per-client limits
    (public forms, sign-in) then count across all server processes instead of in each one."""
    if urllib.parse.urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"ANJIAN_REDIS_URL must begin with redis://, rediss:// or unix://, not {shown(url)}")
    return {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}},
        "RQ_QUEUES": {QUEUE: {"URL": url, "DEFAULT_TIMEOUT": JOB_TIMEOUT}},
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}},
    }


def in_database(task) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task` as part of the caller's transaction. The database queue writes the job in that transaction, so
    it exists exactly when the rows it reads do. Redis is outside it: the job is sent once the transaction has
    committed, or a worker could run it before those rows are visible (or after they were rolled back)."""
    from django.db import transaction

    if in_database(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def shown(url: str) -> str:
    """The address without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urllib.parse.urlunsplit(parts._replace(netloc=user + host))


def redis_problem(url: str, timeout: float = REDIS_TIMEOUT) -> str | None:
    """Why Redis at `url` does not answer (None if it does)."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    except ValueError as exc:  # not a redis:// address
        return str(exc)
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        client.close()
    return None


def redis_answers(app_configs, **kwargs) -> list:
    """`anjian check`: with ANJIAN_REDIS_URL set, Redis must answer, or no notice is sent and no scan runs."""
    from django.conf import settings
    from django.core.checks import Warning

    url = getattr(settings, "ANJIAN_REDIS_URL", "")
    problem = redis_problem(url) if url else None
    if problem is None:
        return []
    return [
        Warning(
            f"ANJIAN_REDIS_URL is set, but Redis does not answer at {shown(url)} ({problem}).",
            hint="Start Redis or correct ANJIAN_REDIS_URL: until it answers, no notice is sent and no scheduled "
            "scan runs. Without ANJIAN_REDIS_URL the jobs queue in the database.",
            id="core.W001",
        )
    ]
