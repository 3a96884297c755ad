import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from events.services import catalogue_changed, catalogue_version, events_next_showtime_refresh
from events.tests.factories import EventFactory, at

pytestmark = pytest.mark.django_db


def test_next_showtime_moves_on_when_it_has_started():
    event = EventFactory(showtimes=[at(1), at(3)])
    later = timezone.now() + datetime.timedelta(days=2)
    assert events_next_showtime_refresh(now=later) == 1
    event.refresh_from_db()
    assert event.next_showtime_at == at(3)
    assert events_next_showtime_refresh(now=later) == 0


def test_last_showtime_passed_leaves_no_next():
    event = EventFactory(showtimes=[at(1)])
    events_next_showtime_refresh(now=timezone.now() + datetime.timedelta(days=5))
    event.refresh_from_db()
    assert event.next_showtime_at is None
    assert not Event.objects.upcoming(timezone.now() + datetime.timedelta(days=5)).exists()


def test_refresh_command_runs(capsys):
    EventFactory(showtimes=[at(1)])
    call_command("refresh_showtimes")
    assert "moved on" in capsys.readouterr().out


def test_catalogue_version_changes():
    before = catalogue_version()
    catalogue_changed()
    assert catalogue_version() == before + 1
