"""Weekly time windows in local time: is a moment inside one, and how a person reads it.

A window may cross midnight (22:00–06:00): its morning part belongs to the day it
started, so "Fri 22:00–06:00" holds at 03:00 on Saturday."""

from datetime import datetime, time

from alerts.models import WEEKDAYS

DAY_NAMES = {day: day.title() for day in WEEKDAYS}


def in_window(days: list[str], start: time, end: time, local: datetime) -> bool:
    """Is the local ``local`` inside the window on one of ``days`` (empty: every day)?"""
    now = local.time()
    if start < end:
        started_on = local.weekday() if start <= now < end else None
    elif now >= start:  # the evening part of a night
        started_on = local.weekday()
    elif now < end:  # the morning part belongs to the day before
        started_on = (local.weekday() - 1) % 7
    else:
        started_on = None
    return started_on is not None and (not days or WEEKDAYS[started_on] in days)


def days_text(days: list[str]) -> str:
    """["mon", …, "sat"] → "Mon–Sat"; every day (or none given) → "daily"."""
    picked = [day for day in WEEKDAYS if day in days]
    if not picked or len(picked) == len(WEEKDAYS):
        return "daily"
    indexes = [WEEKDAYS.index(day) for day in picked]
    if len(picked) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{DAY_NAMES[picked[0]]}–{DAY_NAMES[picked[-1]]}"
    return ", ".join(DAY_NAMES[day] for day in picked)


def window_text(days: list[str], start: time, end: time) -> str:
    """How a window reads: "Tue 09:00–12:00", "daily 22:00–06:00"."""
    return f"{days_text(days)} {start:%H:%M}–{end:%H:%M}"
