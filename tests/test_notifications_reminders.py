"""Subgroup report requests and reminders, return reminders and supplement notices, through a
real SMTP server (tests/fixtures/mail.py), each sent once."""
import datetime as dt

import pytest
from django.core.management import call_command

from boards.models import Membership, SupplementaryAgenda
from boards.publishing.services import supplement_publish
from indicators.models import Indicator
from notifications.models import Notification
from notifications.reminders import due_period, working_days_before
from subgroups.models import SubgroupReport
from tests import factories as f

pytestmark = pytest.mark.django_db


def _addresses(inbox) -> list[str]:
    return sorted(address for rcpt, _ in inbox.messages for address in rcpt)


def test_three_working_days_before_skips_weekends_and_bank_holidays():
    assert working_days_before(dt.date(2018, 3, 23), 3) == dt.date(2018, 3, 20)
    # Easter 2018: Good Friday 30 March and Easter Monday 2 April are bank holidays.
    assert working_days_before(dt.date(2018, 4, 4), 3) == dt.date(2018, 3, 28)


@pytest.fixture
def report():
    """VAWG's report requested for bd-csp's meeting of 28 March 2018, due Friday 23 March;
    VAWG's chair and a plain member."""
    board = f.BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    meeting = f.MeetingFactory(board=board)
    subgroup = f.SubgroupFactory(parent=board, name="VAWG", slug="vawg")
    chair = f.PersonFactory(name="Melody", email="melody@example.org")
    f.MembershipFactory(board=subgroup, person=chair, role=Membership.Role.CHAIR)
    f.MembershipFactory(board=subgroup, person=f.PersonFactory(email="plain@example.org"))
    return f.SubgroupReportFactory(
        meeting=meeting, subgroup=subgroup, status=SubgroupReport.Status.REQUESTED,
        deadline=dt.date(2018, 3, 23),
    )


def test_the_chair_gets_the_request_then_one_reminder_three_working_days_before(
    report, smtp_inbox
):
    call_command("send_reminders", "--today", "2018-03-12")
    assert _addresses(smtp_inbox) == ["melody@example.org"]
    assert smtp_inbox.messages[0][1]["Subject"] == (
        "Report requested: VAWG to Community Safety Partnership Board"
    )
    assert "by Friday 23 March 2018" in smtp_inbox.text(smtp_inbox.messages[0][1])

    call_command("send_reminders", "--today", "2018-03-19")  # four working days before
    assert len(smtp_inbox.messages) == 1
    call_command("send_reminders", "--today", "2018-03-20")
    assert len(smtp_inbox.messages) == 2
    assert smtp_inbox.messages[1][1]["Subject"] == "Reminder: VAWG report due 23 March 2018"
    call_command("send_reminders", "--today", "2018-03-21")
    assert len(smtp_inbox.messages) == 2
    assert Notification.objects.filter(to="melody@example.org").count() == 2


def test_a_submitted_report_asks_nothing(report, smtp_inbox):
    SubgroupReport.objects.filter(pk=report.pk).update(status=SubgroupReport.Status.SUBMITTED)
    call_command("send_reminders", "--today", "2018-03-20")
    assert smtp_inbox.messages == []


def test_due_period_follows_the_indicator_frequency():
    monthly = Indicator(frequency=Indicator.Frequency.MONTHLY)
    quarterly = Indicator(frequency=Indicator.Frequency.QUARTERLY)
    annual = Indicator(frequency=Indicator.Frequency.ANNUAL)
    assert due_period(monthly, dt.date(2018, 3, 20)) == dt.date(2018, 2, 1)
    assert due_period(quarterly, dt.date(2018, 3, 20)) is None
    assert due_period(quarterly, dt.date(2018, 4, 3)) == dt.date(2018, 3, 1)
    assert due_period(annual, dt.date(2018, 4, 3)) == dt.date(2018, 3, 1)
    assert due_period(annual, dt.date(2018, 5, 3)) is None


def test_officers_are_asked_once_for_returns_not_yet_submitted(smtp_inbox):
    board = f.BoardFactory(slug="bd-csp")
    subgroup = f.SubgroupFactory(parent=board, slug="crime")
    officer = f.PersonFactory(name="Olu", email="olu@example.org")
    f.MembershipFactory(board=subgroup, person=officer, role=Membership.Role.OFFICER)
    missing = f.IndicatorFactory(board=board, owning_subgroup=subgroup, reference="1a",
                                 name="Burglary", frequency="monthly")
    draft = f.IndicatorFactory(board=board, owning_subgroup=subgroup, reference="1b",
                               name="Robbery", frequency="monthly")
    f.IndicatorReturnFactory(indicator=draft, period=dt.date(2018, 2, 1), status="draft")
    done = f.IndicatorFactory(board=board, owning_subgroup=subgroup, reference="2",
                              name="Knife crime", frequency="monthly")
    f.IndicatorReturnFactory(indicator=done, period=dt.date(2018, 2, 1), status="submitted")
    f.IndicatorFactory(board=board, owning_subgroup=subgroup, reference="3",
                       name="Reoffending", frequency="quarterly")

    call_command("send_reminders", "--today", "2018-03-20")
    [message] = smtp_inbox.to("olu@example.org")
    assert message["Subject"] == "Please submit your return for February 2018"
    text = smtp_inbox.text(message)
    assert "1a Burglary" in text and "1b Robbery" in text
    assert "Knife crime" not in text and "Reoffending" not in text
    assert f"/boards/bd-csp/indicators/{missing.reference}/returns/2017/" in text

    call_command("send_reminders", "--today", "2018-03-27")
    assert len(smtp_inbox.messages) == 1


def test_a_supplement_lists_exempt_papers_without_titles_to_non_members(
    smtp_inbox, django_capture_on_commit_callbacks, monkeypatch
):
    from boards.packs import render

    monkeypatch.setattr(render, "agenda_pack_render", lambda **kwargs: None)
    board = f.BoardFactory(slug="bd-csp")
    meeting = f.MeetingFactory(board=board, status="agenda_published")
    member = f.PersonFactory(user=f.UserFactory(), email="member@example.org")
    f.MembershipFactory(board=board, person=member)
    f.MembershipFactory(board=board, person=f.PersonFactory(email="nosignin@example.org"))
    supplement = SupplementaryAgenda.objects.create(meeting=meeting, number=1, reason="Late.")
    item = f.AgendaItemFactory(meeting=meeting, position=3, title="Performance")
    f.PaperFactory(agenda_item=item, supplement=supplement, title="Late open paper")
    f.PaperFactory(agenda_item=item, supplement=supplement, title="CANARY-SUPP-31c9",
                   security="restricted", exempt_paragraph=3, position=2)
    f.AgendaItemFactory(meeting=meeting, position=4, title="Late open item",
                        supplement=supplement)
    f.AgendaItemFactory(meeting=meeting, position=5, title="CANARY-SUPPITEM-8d20",
                        supplement=supplement, is_restricted=True, exempt_paragraph=2)
    with django_capture_on_commit_callbacks(execute=True):
        supplement_publish(supplement=supplement, actor=None)
    assert _addresses(smtp_inbox) == ["member@example.org", "nosignin@example.org"]
    member_text = smtp_inbox.text(smtp_inbox.to("member@example.org")[0])
    assert "CANARY-SUPPITEM-8d20" in member_text and "Late open item" in member_text
    assert "CANARY-SUPP-31c9" in smtp_inbox.text(smtp_inbox.to("member@example.org")[0])
    outsider = smtp_inbox.text(smtp_inbox.to("nosignin@example.org")[0])
    assert "CANARY" not in outsider
    assert "3 Late open paper" in outsider and "3 Exempt paper (paragraph 3)" in outsider
    assert "Late open item" in outsider and "Exempt item (paragraph 2)" in outsider


def test_the_chair_is_emailed_as_soon_as_the_clerk_asks_for_the_report(
    smtp_inbox, django_capture_on_commit_callbacks, settings
):
    from subgroups.services import subgroup_reports_request

    settings.DEMO_TODAY = dt.date(2018, 3, 1)
    board = f.BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    meeting = f.MeetingFactory(board=board)
    subgroup = f.SubgroupFactory(parent=board, name="VAWG", slug="vawg")
    chair = f.PersonFactory(name="Melody", email="melody@example.org")
    f.MembershipFactory(board=subgroup, person=chair, role=Membership.Role.VICE_CHAIR)
    with django_capture_on_commit_callbacks(execute=True):
        subgroup_reports_request(meeting=meeting, subgroups=[subgroup],
                                 deadline=dt.date(2018, 3, 23), agenda_item=None, actor=None)
    [message] = smtp_inbox.to("melody@example.org")
    assert message["Subject"] == "Report requested: VAWG to Community Safety Partnership Board"
    call_command("send_reminders", "--today", "2018-03-01")
    assert len(smtp_inbox.messages) == 1
