"""Reports that arrive at the same moment: one case, one count, one automatic masking."""

import threading

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from moderation.models import ModerationAction, ModerationCase, Report, TextStatus
from moderation.services import report_submit

from .factories import SampleTextFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_open_one_case_and_mask_once(settings):
    settings.MODERATION_REPORT_THRESHOLD = 3
    text = SampleTextFactory()
    reporters = UserFactory.create_batch(4)
    barrier = threading.Barrier(len(reporters))
    errors = []

    def report(reporter):
        try:
            barrier.wait()
            report_submit(reporter=reporter, target=text, reason="insulte")
        except Exception as error:  # collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(r,)) for r in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # The fourth report finds the text already masked and is refused; nothing else fails.
    assert len(errors) <= 1 and all("déjà retiré" in str(e) for e in errors)
    case = ModerationCase.objects.get()
    assert case.report_count == Report.objects.count() >= 3
    text.refresh_from_db()
    assert text.status == TextStatus.HIDDEN
    assert ModerationAction.objects.filter(kind=ModerationAction.Kind.AUTO_HIDE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_report_and_a_decision_at_the_same_moment_do_not_deadlock(settings):
    """Both take the text's row lock first, then the case's: one waits, none fails."""
    from moderation.services import case_decide, moderator_grant

    settings.MODERATION_REPORT_THRESHOLD = 10
    text = SampleTextFactory()
    moderator = UserFactory()
    moderator_grant(user=moderator)
    first, late = UserFactory.create_batch(2)
    report_submit(reporter=first, target=text, reason="spam")
    case = ModerationCase.objects.get()
    barrier = threading.Barrier(2)
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:  # collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=(lambda: report_submit(reporter=late, target=text, reason="insulte"),),
        ),
        threading.Thread(
            target=run,
            args=(
                lambda: case_decide(
                    moderator=moderator, case=case, reason="Supprimé", text_decision="remove"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Whichever came second either joined the case before the decision, or was refused
    # because the text is gone: never a deadlock.
    assert all("deadlock" not in str(error) for error in errors)
    assert all("retiré de la vue" in str(error) for error in errors)
    text.refresh_from_db()
    assert text.status == TextStatus.REMOVED
