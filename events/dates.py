"""Date presets (« ce soir », « ce week-end »…) as half-open ranges in Europe/Paris.

Shared by the event list's filters and, later, by the search's query parser.
"""

import datetime

from django.utils import timezone

EVENING_STARTS = datetime.time(18, 0)

PRESETS = {
    "aujourdhui": "Aujourd'hui",
    "ce-soir": "Ce soir",
    "demain": "Demain",
    "ce-week-end": "Ce week-end",
    "cette-semaine": "Cette semaine",
    "ce-mois-ci": "Ce mois-ci",
}


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def day_range(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of `first` to the end of `last`, local time."""
    return _midnight(first), _midnight(last + datetime.timedelta(days=1))


def preset_range(
    preset: str, now: datetime.datetime | None = None
) -> tuple[datetime.datetime, datetime.datetime]:
    """The [start, end) of a preset, never starting before `now` (a past showtime is gone)."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    tomorrow = today + datetime.timedelta(days=1)
    if preset == "aujourdhui":
        start, end = _midnight(today), _midnight(tomorrow)
    elif preset == "ce-soir":
        start, end = _at(today, EVENING_STARTS), _midnight(tomorrow)
    elif preset == "demain":
        start, end = _midnight(tomorrow), _midnight(tomorrow + datetime.timedelta(days=1))
    elif preset == "ce-week-end":
        # Friday evening to Sunday night; from Monday to Thursday, the coming one.
        friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7)
        if today.weekday() >= 5:  # Saturday or Sunday: the week-end under way
            friday = today - datetime.timedelta(days=today.weekday() - 4)
        start = _at(friday, EVENING_STARTS)
        end = _midnight(friday + datetime.timedelta(days=3))
    elif preset == "cette-semaine":
        monday_next = today + datetime.timedelta(days=7 - today.weekday())
        start, end = _midnight(today), _midnight(monday_next)
    elif preset == "ce-mois-ci":
        first_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        start, end = _midnight(today), _midnight(first_next)
    else:
        raise ValueError(f"Unknown date preset {preset!r}")
    return max(start, now), end
