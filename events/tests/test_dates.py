"""Date presets in Europe/Paris, around midnight, week-ends and the change of time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from events.dates import preset_range

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def test_tonight_at_noon_starts_at_six():
    start, end = preset_range("ce-soir", paris(2026, 11, 25, 12, 0))
    assert (start, end) == (paris(2026, 11, 25, 18, 0), paris(2026, 11, 26, 0, 0))


def test_tonight_at_nine_starts_now():
    now = paris(2026, 11, 25, 21, 0)
    assert preset_range("ce-soir", now)[0] == now


def test_just_before_and_after_midnight():
    before = preset_range("aujourdhui", paris(2026, 11, 25, 23, 59))
    after = preset_range("aujourdhui", paris(2026, 11, 26, 0, 1))
    assert before[1] == paris(2026, 11, 26, 0, 0)
    assert after == (paris(2026, 11, 26, 0, 1), paris(2026, 11, 27, 0, 0))
    assert preset_range("demain", paris(2026, 11, 25, 23, 59)) == (
        paris(2026, 11, 26, 0, 0),
        paris(2026, 11, 27, 0, 0),
    )


def test_a_utc_now_is_read_in_paris_time():
    """23:30 UTC on the 25th is already the 26th in Paris."""
    now = datetime.datetime(2026, 11, 25, 23, 30, tzinfo=datetime.UTC)
    assert preset_range("demain", now)[0] == paris(2026, 11, 27, 0, 0)


@pytest.mark.parametrize(
    ("now", "expected_start"),
    [
        (paris(2026, 11, 23, 10, 0), paris(2026, 11, 27, 18, 0)),  # Monday
        (paris(2026, 11, 27, 10, 0), paris(2026, 11, 27, 18, 0)),  # Friday morning
        (paris(2026, 11, 27, 21, 0), paris(2026, 11, 27, 21, 0)),  # Friday evening
        (paris(2026, 11, 28, 15, 0), paris(2026, 11, 28, 15, 0)),  # Saturday
        (paris(2026, 11, 29, 23, 0), paris(2026, 11, 29, 23, 0)),  # Sunday night
    ],
)
def test_weekend_is_friday_evening_to_sunday_night(now, expected_start):
    start, end = preset_range("ce-week-end", now)
    assert start == expected_start
    assert end == paris(2026, 11, 30, 0, 0)


def test_this_week_ends_on_sunday_night():
    assert preset_range("cette-semaine", paris(2026, 11, 25, 9, 0))[1] == paris(2026, 11, 30)


def test_this_month_ends_on_the_first_of_next_month():
    assert preset_range("ce-mois-ci", paris(2026, 12, 31, 9, 0))[1] == paris(2027, 1, 1)
    assert preset_range("ce-mois-ci", paris(2026, 2, 10, 9, 0))[1] == paris(2026, 3, 1)


def test_daylight_saving_change_weekend():
    """The clocks go back on Sunday 25 October 2026: the week-end still ends at midnight."""
    start, end = preset_range("ce-week-end", paris(2026, 10, 21, 12, 0))
    assert start == paris(2026, 10, 23, 18, 0)
    assert end == paris(2026, 10, 26, 0, 0)
    assert end.utcoffset() == datetime.timedelta(hours=1)
    assert start.utcoffset() == datetime.timedelta(hours=2)


def test_unknown_preset():
    with pytest.raises(ValueError):
        preset_range("hier")
