"""Date presets (« ce soir », « ce week-end »…) as half-open ranges in Europe/Paris.

Shared by the event list's filters and, later, by the search's query parser.
"""

import datetime
import functools

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


def _midnight(day: datetime.date, zone: datetime.tzinfo | None = None) -> datetime.datetime:
    """The start of `day` in `zone` (by default, the current time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)


def _at(
    day: datetime.date, time: datetime.time, zone: datetime.tzinfo | None = None
) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time), zone)


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
    start, end = _preset_bounds(preset, now.date(), now.tzinfo)
    return max(start, now), end


@functools.lru_cache(maxsize=64)
def _preset_bounds(
    preset: str, today: datetime.date, zone: datetime.tzinfo
) -> tuple[datetime.datetime, datetime.datetime]:
    """The [start, end) of a preset on `today` in `zone`, remembered: the search counts
    its results in four of them at each query."""
    tomorrow = today + datetime.timedelta(days=1)
    if preset == "aujourdhui":
        start, end = _midnight(today, zone), _midnight(tomorrow, zone)
    elif preset == "ce-soir":
        start, end = _at(today, EVENING_STARTS, zone), _midnight(tomorrow, zone)
    elif preset == "demain":
        start, end = (
            _midnight(tomorrow, zone),
            _midnight(tomorrow + datetime.timedelta(days=1), zone),
        )
    elif preset == "ce-week-end":
        # Friday evening to Sunday night; from Monday to Thursday, the coming one.
        friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7)
        if today.weekday() >= 5:  # Saturday or Sunday: the week-end under way
            friday = today - datetime.timedelta(days=today.weekday() - 4)
        start = _at(friday, EVENING_STARTS, zone)
        end = _midnight(friday + datetime.timedelta(days=3), zone)
    elif preset == "cette-semaine":
        monday_next = today + datetime.timedelta(days=7 - today.weekday())
        start, end = _midnight(today, zone), _midnight(monday_next, zone)
    elif preset == "ce-mois-ci":
        first_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        start, end = _midnight(today, zone), _midnight(first_next, zone)
    else:
        raise ValueError(f"Unknown date preset {preset!r}")
    return start, end
