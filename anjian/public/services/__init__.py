"""The public reports' rules as plain functions: the reporter's side (reporting), the receiving unit's (handling),
the sealed identity (identity) and the rewards (rewards)."""

from .handling import open_hazard, perform
from .identity import Identity, may_reveal, reveal
from .reporting import answer, find, submit
from .rewards import approve, pay, propose, reject

__all__ = [
    "Identity",
    "answer",
    "approve",
    "find",
    "may_reveal",
    "open_hazard",
    "pay",
    "perform",
    "propose",
    "reject",
    "reveal",
    "submit",
]
