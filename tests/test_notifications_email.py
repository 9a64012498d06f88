"""Emails through a real SMTP server (tests/fixtures/mail.py): agenda publication and the
weekly digest of leads' actions, each sent once."""
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from boards.models import Membership
from boards.publishing.services import meeting_publish
from notifications.models import Frequency, Notification, Preference
from tests import factories as f

pytestmark = pytest.mark.django_db

# The reason a clerk gives for publishing past the deadline or with an item without papers.
LATE = "Published late, with a verbal item"

SECRET_TITLE = "Gang Intelligence Briefing CANARY-MAIL-5e1f"
SECRET_PAPER = "Victim Names CANARY-MAILPAPER-77ab"


@pytest.fixture
def no_pack_renders(monkeypatch):
    """Publishing queues both packs; their rendering is tested elsewhere and is slow."""
    from boards.packs import render

    monkeypatch.setattr(render, "agenda_pack_render", lambda **kwargs: None)


@pytest.fixture
def meeting(fast_passwords, no_pack_renders):
    """A planned meeting of bd-csp with an open item, a restricted item, and a restricted
    paper under the open item; its clerk, a member, an organisation's representative with no
    sign-in, and a presenter from outside the board."""
    board = f.BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    meeting = f.MeetingFactory(board=board)
    clerk = f.PersonFactory(user=f.UserFactory(), name="Clara Clerk", email="clerk@example.org")
    f.MembershipFactory(board=board, person=clerk, role=Membership.Role.CLERK)
    member = f.PersonFactory(user=f.UserFactory(), name="Mo Member", email="member@example.org")
    f.MembershipFactory(board=board, person=member)
    no_sign_in = f.PersonFactory(name="Orla Org", email="org@example.org")
    f.MembershipFactory(board=board, person=no_sign_in,
                        organisation=f.OrganisationFactory(name="Fire Brigade"))
    outsider = f.PersonFactory(user=f.UserFactory(), name="Pat Presenter",
                               email="presenter@example.org")
    open_item = f.AgendaItemFactory(meeting=meeting, position=1, title="Delivery plan",
                                    presenter_person=outsider)
    f.PaperFactory(agenda_item=open_item, title="Delivery plan report")
    f.PaperFactory(agenda_item=open_item, title=SECRET_PAPER, security="restricted",
                   exempt_paragraph=1, position=2)
    f.AgendaItemFactory(meeting=meeting, position=2, title=SECRET_TITLE, is_restricted=True,
                        exempt_paragraph=7)
    no_email = f.PersonFactory(user=f.UserFactory(), name="Nell No-Email", email="")
    f.MembershipFactory(board=board, person=no_email)
    return meeting


def test_publishing_emails_each_member_once_without_restricted_titles_to_non_members(
    meeting, smtp_inbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_URL = "https://portal.example.org"
    clerk = Membership.objects.get(role=Membership.Role.CLERK).person.user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, actor=clerk, reason=LATE)

    received = sorted(address for rcpt, _ in smtp_inbox.messages for address in rcpt)
    assert received == ["clerk@example.org", "member@example.org", "org@example.org",
                        "presenter@example.org"]
    for address in ("clerk@example.org", "member@example.org"):
        [message] = smtp_inbox.to(address)
        text = smtp_inbox.text(message)
        assert SECRET_TITLE in text and SECRET_PAPER in text
        assert message["Subject"].startswith("Agenda published: Community Safety Partnership")
    for address in ("org@example.org", "presenter@example.org"):
        [message] = smtp_inbox.to(address)
        text = smtp_inbox.text(message)
        assert "CANARY" not in text and "CANARY" not in message["Subject"]
        assert "Delivery plan report" in text
        assert "Exempt item (paragraph 7)" in text and "Exempt paper (paragraph 1)" in text
    text = smtp_inbox.text(smtp_inbox.to("member@example.org")[0])
    assert f"https://portal.example.org/boards/bd-csp/meetings/{meeting.pk}/" in text
    assert "https://portal.example.org/emails/unsubscribe/" in text
    assert not any(m.is_attachment() for _, msg in smtp_inbox.messages for m in msg.walk())

    records = Notification.objects.filter(kind=Notification.Kind.AGENDA)
    assert sorted(records.values_list("to", flat=True)) == received
    assert {r.status for r in records} == {Notification.Status.SENT}
    assert all(r.sent_at is not None for r in records)

    # The task run again (a redelivered message) sends nothing more.
    from notifications.tasks import notify_agenda_published
    assert notify_agenda_published(meeting.pk) == 0
    assert len(smtp_inbox.messages) == 4


def test_members_who_chose_the_digest_or_none_get_no_agenda_email(
    meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    member = Membership.objects.get(person__name="Mo Member").person
    Preference.objects.create(person=member, frequency=Frequency.DIGEST)
    org = Membership.objects.get(person__name="Orla Org").person
    Preference.objects.create(person=org, frequency=Frequency.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, actor=None, reason=LATE)
    received = sorted(address for rcpt, _ in smtp_inbox.messages for address in rcpt)
    assert received == ["clerk@example.org", "presenter@example.org"]


def test_who_chose_the_digest_reads_the_week_s_agendas_in_it(
    meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    member = Membership.objects.get(person__name="Mo Member").person
    Preference.objects.create(person=member, frequency=Frequency.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, actor=None, today=dt.date(2018, 3, 20),
                        reason=LATE)
    assert smtp_inbox.to("member@example.org") == []

    call_command("send_reminders", "--today", "2018-03-23")
    [digest] = smtp_inbox.to("member@example.org")
    assert digest["Subject"] == "This week: 1 agenda published"
    text = smtp_inbox.text(digest)
    day = timezone.localtime(meeting.start)
    assert f"Community Safety Partnership Board, {day:%A} {day.day} {day:%B %Y}" in text
    assert "CANARY" not in text
    # Those emailed straight away get no digest of the agendas they already had.
    assert smtp_inbox.to("clerk@example.org")[0]["Subject"].startswith("Agenda published")
    assert len(smtp_inbox.to("clerk@example.org")) == 1
    call_command("send_reminders", "--today", "2018-03-23")
    assert len(smtp_inbox.to("member@example.org")) == 1


@pytest.fixture
def leads():
    """Two leads with overdue actions (one leads two), a lead whose only action is due in
    three weeks, and a lead of a closed overdue action, as at Tuesday 20 March 2018."""
    board = f.BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    raised = f.MeetingFactory(board=board)
    people = {
        name: f.PersonFactory(name=name, email=f"{name.lower()}@example.org")
        for name in ("Ann", "Ben", "Cat", "Dan")
    }
    for number, (lead, target, status) in enumerate([
        ("Ann", dt.date(2018, 3, 1), "open"),
        ("Ann", dt.date(2018, 3, 30), "open"),
        ("Ben", dt.date(2018, 2, 14), "open"),
        ("Cat", dt.date(2018, 4, 10), "open"),
        ("Dan", dt.date(2018, 1, 10), "closed"),
    ], start=1):
        action = f.ActionFactory(raised_at=raised, number=number, target_date=target,
                                 status=status, description=f"Action {number} of {lead}")
        action.lead_people.add(people[lead])
    return people


def test_send_reminders_sends_each_overdue_lead_one_digest_and_then_nothing(
    leads, smtp_inbox, capsys
):
    call_command("send_reminders", "--today", "2018-03-20")

    received = sorted(address for rcpt, _ in smtp_inbox.messages for address in rcpt)
    assert received == ["ann@example.org", "ben@example.org"]
    [ann] = smtp_inbox.to("ann@example.org")
    assert ann["Subject"] == "Your actions: 1 overdue, 1 due in the next 14 days"
    text = smtp_inbox.text(ann)
    assert text.index("Action 1 of Ann") < text.index("Action 2 of Ann")
    assert "Action 3 of Ben" not in text
    assert Notification.objects.filter(kind="digest", status="sent").count() == 2
    assert "Sent 2 messages." in capsys.readouterr().out

    call_command("send_reminders", "--today", "2018-03-22")
    assert len(smtp_inbox.messages) == 2
    assert "Sent 0 messages." in capsys.readouterr().out


def test_dry_run_prints_what_it_would_send_and_sends_nothing(leads, smtp_inbox, capsys):
    call_command("send_reminders", "--dry-run", "--today", "2018-03-20")
    out = capsys.readouterr().out
    assert "Would send: ann@example.org: Your actions: 1 overdue" in out
    assert "Would send 2 messages." in out
    assert smtp_inbox.messages == [] and not Notification.objects.exists()
    call_command("send_reminders", "--today", "2018-03-20")
    assert len(smtp_inbox.messages) == 2


def test_when_the_broker_cannot_take_the_task_the_reminders_run_sends_the_notices(
    meeting, smtp_inbox, django_capture_on_commit_callbacks, monkeypatch, capsys
):
    from notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.notify_agenda_published, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, actor=None, reason=LATE)
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published" and smtp_inbox.messages == []

    call_command("send_reminders")
    assert len(smtp_inbox.messages) == 4
    call_command("send_reminders")
    assert len(smtp_inbox.messages) == 4


def test_a_message_the_server_refuses_is_recorded_as_failed_and_sent_by_the_next_run(
    leads, smtp_inbox
):
    smtp_inbox.refuse = True
    call_command("send_reminders", "--today", "2018-03-20")
    failed = Notification.objects.filter(status=Notification.Status.FAILED)
    assert failed.count() == 2 and all("554" in n.error for n in failed)
    assert smtp_inbox.messages == []

    smtp_inbox.refuse = False
    call_command("send_reminders", "--today", "2018-03-20")
    assert len(smtp_inbox.messages) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_publishing_the_demo_meeting_emails_each_member_once_and_no_restricted_title_to_others(
    smtp_inbox, fast_passwords
):
    from boards.demo.loader import load_demo
    from boards.models import AgendaItem, Meeting, Paper, Person
    from notifications.tasks import notify_agenda_published

    load_demo()
    for person in Person.objects.all():  # the seed gives few addresses; give everyone one
        person.email = f"person-{person.pk}@example.org"
        person.save(update_fields=["email"])
    meeting = Meeting.objects.get(board__slug="bd-csp", start__date=dt.date(2018, 3, 28))
    members = {
        person.email
        for membership in Membership.objects.current_on(dt.date(2018, 3, 28))
        .filter(board=meeting.board)
        for person in membership.seat_people
    }
    items = AgendaItem.objects.filter(meeting=meeting).select_related("parent")
    # A presenter from outside the board (the seed's are all members) reads the agenda too.
    outsider = Person.objects.exclude(email__in=members).first()
    open_item = next(i for i in items if i.restricted_by is None)
    AgendaItem.objects.filter(pk=open_item.pk).update(presenter_person=outsider)
    # A restricted paper may share its open item's title, which the public agenda prints.
    public_titles = {i.title for i in items if i.restricted_by is None}
    restricted = [i.title for i in items if i.restricted_by is not None] + [
        p.title for p in Paper.objects.filter(agenda_item__meeting=meeting) if p.is_restricted
    ]
    restricted = [title for title in restricted if title not in public_titles]
    assert restricted, "the demo meeting has restricted papers"

    # What publishing queues once the change is committed.
    assert notify_agenda_published(meeting.pk) == len(smtp_inbox.messages)
    received = [address for rcpt, _ in smtp_inbox.messages for address in rcpt]
    assert len(received) == len(set(received)), "one message each"
    assert members <= set(received)
    others = set(received) - members
    assert others == {outsider.email}
    for address in others:
        [message] = smtp_inbox.to(address)
        text = smtp_inbox.text(message) + message["Subject"]
        assert not [title for title in restricted if title in text], address
    assert notify_agenda_published(meeting.pk) == 0
