"""Reads on a PostgreSQL streaming replica (DATABASE_REPLICA_URL), everything else on the primary.

Only a request that is safe (GET, HEAD, OPTIONS) reads from the replica, and only until it writes: its first write
(a session saved, a viewing logged) pins the rest of the request to the primary, so a request always sees its own
writes. A request with an unsafe method (POST, PUT, PATCH, DELETE) uses the primary throughout, and so do the next
requests of the same browser for ANJIAN_REPLICA_PIN_SECONDS (a cookie): the page shown after a form is saved reads
what was saved, whatever the replica's lag. Inside `transaction.atomic()` on the primary every read stays there.
Management commands, the job worker and anything outside a request never read from the replica.

The records that decide who may sign in (sessions, lockouts, second factors, API tokens) and the job queue are
always read on the primary: a revoked token or a session ended a moment ago must not count. Migrations run on the
primary only; the replica follows them by replication."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_COOKIE = "anjian_primary"
# Sign-in state and jobs: read where they are written.
PRIMARY_APPS = frozenset({"sessions", "axes", "otp_totp", "otp_static", "mfa", "authtoken", "django_tasks_db"})
PRIMARY_MODELS = frozenset({"core.apitoken"})

# Whether this request may still read from the replica: set by ReplicaMiddleware, cleared at the first write and
# when the request ends. Outside a request (commands, the worker, the tests' own queries) it stays False.
_replica_reads: ContextVar[bool] = ContextVar("anjian_replica_reads", default=False)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


def reads_from_replica() -> bool:
    """Whether a read now goes to the replica."""
    return has_replica() and _replica_reads.get() and not connections[PRIMARY].in_atomic_block


def pin_to_primary() -> None:
    """The rest of this request reads from the primary (after a write, or when its answer must be current)."""
    _replica_reads.set(False)


def _request_ended(**kwargs) -> None:
    _replica_reads.set(False)  # a server thread's next request starts from the primary until its middleware says


request_finished.connect(_request_ended, dispatch_uid="anjian-replica-request-ended")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS or model._meta.label_lower in PRIMARY_MODELS:
            return PRIMARY
        return REPLICA if reads_from_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Lets a safe request read from the replica, unless this browser wrote a moment ago (the pin cookie); an unsafe
    request sets that cookie. First in the chain: the session and the user are read under its decision."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        _replica_reads.set(has_replica() and safe and PIN_COOKIE not in request.COOKIES)
        response = self.get_response(request)
        seconds = settings.ANJIAN_REPLICA_PIN_SECONDS
        if has_replica() and not safe and seconds > 0:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax", secure=request.is_secure()
            )
        return response
