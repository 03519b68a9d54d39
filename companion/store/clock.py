"""Timestamps as the store writes them: ISO 8601 in UTC, to the microsecond."""

from __future__ import annotations

import datetime as dt


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
