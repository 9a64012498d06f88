"""Writes for recording a meeting and confirming its minutes.

See DOMAIN.md: A meeting's life (6 The meeting; 7 Minutes). The record of a
meeting is its attendance, its declarations of interest and one minute per
agenda item. Once the minutes are confirmed at a later meeting they no longer
change: every write here raises MinutesLocked for a confirmed meeting.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone

from csp_portal.audit import audit_entry_create
from csp_portal.concurrency import EditConflict, values_digest, version_claim

from ..models import AgendaItem, Attendance, DeclarationOfInterest, Meeting, Minute, Person
from .selectors import partnership_people


class MinutesLocked(ValidationError):
    """The meeting's minutes are confirmed and can no longer be changed (DOMAIN.md: Minutes)."""


class MinutesConflict(EditConflict):
    """Someone saved part of the record after the editor read it. Nothing was saved.

    ``conflicts`` lists ``(entry, minute)`` for the minutes: what the editor sent (a
    MinuteInput) and the Minute saved now (None when it was removed).
    ``attendance_now`` (the Attendance rows saved now) and ``declarations_now`` (the
    DeclarationOfInterest rows) are set when those changed since read, else None.
    """

    def __init__(self, conflicts: list[tuple[MinuteInput, Minute | None]], *,
                 attendance_now: list[Attendance] | None = None,
                 declarations_now: list[DeclarationOfInterest] | None = None):
        first_entry, first_minute = conflicts[0] if conflicts else (None, None)
        super().__init__(
            obj=first_minute,
            expected_version=(first_entry.version or 0) if first_entry else 0,
            current_version=first_minute.version if first_minute else 0,
        )
        self.conflicts = conflicts
        self.attendance_now = attendance_now
        self.declarations_now = declarations_now


def attendance_digest(rows) -> str:
    """The values_digest of a meeting's attendance, order aside: ``rows`` are Attendance
    records or AttendanceInputs. The record page sends the one it read back, so that a save
    leaves alone (or refuses to overwrite) attendance that someone else changed meanwhile."""
    return values_digest(sorted(
        f"{_pk(r.person)}|{r.status}|{_pk(r.substituting_for)}|{(r.note or '').strip()}"
        for r in rows
    ))


def declarations_digest(rows) -> str:
    """The values_digest of a meeting's declarations of interest, order aside: ``rows`` are
    DeclarationOfInterest records or DeclarationInputs."""
    return values_digest(sorted(
        f"{_pk(r.agenda_item)}|{_pk(r.person)}|{r.kind}|{(r.nature or '').strip()}"
        for r in rows
    ))


def _pk(obj) -> str:
    return "" if obj is None else str(obj.pk)


@dataclass(frozen=True)
class MinuteInput:
    """The minute of one agenda item: ``text`` (discussion) and ``decisions``, plain text.

    Both blank means the item has no minute (an existing one is removed). ``version``
    is the minute's version the editor read (0: there was none); None skips the check.
    """

    agenda_item: AgendaItem
    text: str = ""
    decisions: str = ""
    version: int | None = None


@dataclass(frozen=True)
class AttendanceInput:
    """One person's attendance; ``status`` is an Attendance.Status value."""

    person: Person
    status: str
    substituting_for: Person | None = None
    note: str = ""


@dataclass(frozen=True)
class DeclarationInput:
    """A declaration of interest by ``person`` in ``agenda_item``; ``kind`` a Kind value."""

    agenda_item: AgendaItem
    person: Person
    nature: str
    kind: str = DeclarationOfInterest.Kind.PERSONAL


def locked_message(meeting: Meeting) -> str:
    """ "These minutes were confirmed on 3 June 2026 and can no longer be changed." """
    when = meeting.minutes_confirmed_at
    on = f" on {dateformat.format(timezone.localtime(when), 'j F Y')}" if when else ""
    return f"These minutes were confirmed{on} and can no longer be changed."


def _refuse_if_locked(meeting: Meeting) -> None:
    if meeting.minutes_are_confirmed:
        raise MinutesLocked(locked_message(meeting), code="minutes_locked")


def _check_record(
    meeting: Meeting,
    minutes: list[MinuteInput],
    attendance: list[AttendanceInput],
    declarations: list[DeclarationInput],
) -> None:
    errors: list[ValidationError] = []
    if any(m.agenda_item.meeting_id != meeting.pk for m in minutes) or any(
        d.agenda_item.meeting_id != meeting.pk for d in declarations
    ):
        errors.append(ValidationError("An agenda item is not one of this meeting's."))
    minuted = [m.agenda_item.pk for m in minutes]
    if len(minuted) != len(set(minuted)):
        errors.append(ValidationError("An agenda item has two minutes."))
    people = [a.person.pk for a in attendance]
    if len(people) != len(set(people)):
        errors.append(ValidationError("Someone's attendance is recorded twice."))
    for a in attendance:
        if a.status not in Attendance.Status.values:
            errors.append(ValidationError(f"Choose the attendance status of {a.person.name}."))
        if a.substituting_for is not None and a.substituting_for.pk == a.person.pk:
            errors.append(ValidationError(f"{a.person.name} cannot substitute for themselves."))
    declared = [(d.agenda_item.pk, d.person.pk) for d in declarations]
    if len(declared) != len(set(declared)):
        errors.append(ValidationError("Someone declares the same interest in an item twice."))
    for d in declarations:
        if not d.nature.strip():
            errors.append(ValidationError(f"Enter the nature of {d.person.name}'s interest."))
        if d.kind not in DeclarationOfInterest.Kind.values:
            errors.append(ValidationError("Choose personal or prejudicial."))
    named = {a.person.pk: a.person for a in attendance}
    named |= {a.substituting_for.pk: a.substituting_for for a in attendance if a.substituting_for}
    named |= {d.person.pk: d.person for d in declarations}
    if named:
        allowed = set(
            partnership_people(meeting=meeting).filter(pk__in=named).values_list("pk", flat=True)
        )
        errors.extend(
            ValidationError(f"{named[pk].name} is not one of this partnership's people.")
            for pk in sorted(set(named) - allowed)
        )
    if errors:
        raise ValidationError(errors)


def _minute_conflicts(
    existing: dict[int, Minute], minutes: list[MinuteInput]
) -> list[tuple[MinuteInput, Minute | None]]:
    """The entries read at a version other than the one saved now, unless what they say is
    what is saved now (two people typing the same thing do not conflict)."""
    conflicts = []
    for entry in minutes:
        minute = existing.get(entry.agenda_item.pk)
        saved = minute.version if minute else 0
        if entry.version is None or entry.version == saved:
            continue
        now = (minute.text, minute.decisions) if minute else ("", "")
        if now != (entry.text.strip(), entry.decisions.strip()):
            conflicts.append((entry, minute))
    return conflicts


def _refuse_stale(meeting: Meeting, minutes: list[MinuteInput],
                  attendance: list[AttendanceInput] | None, attendance_read: str | None,
                  declarations: list[DeclarationInput] | None,
                  declarations_read: str | None, item: AgendaItem | None = None) -> None:
    # ``item`` narrows the declarations compared to that agenda item's (its own page).
    existing = {m.agenda_item_id: m for m in Minute.objects.filter(agenda_item__meeting=meeting)}
    conflicts = _minute_conflicts(existing, minutes)
    attendance_now = declarations_now = None
    if attendance is not None and attendance_read:
        stored = list(meeting.attendances.select_related("person", "substituting_for")
                      .order_by("position"))
        now = attendance_digest(stored)
        if now not in (attendance_read, attendance_digest(attendance)):
            attendance_now = stored
    if declarations is not None and declarations_read:
        stored = DeclarationOfInterest.objects.filter(agenda_item__meeting=meeting)
        if item is not None:
            stored = stored.filter(agenda_item=item)
        stored = list(stored.select_related("person", "agenda_item"))
        now = declarations_digest(stored)
        if now not in (declarations_read, declarations_digest(declarations)):
            declarations_now = stored
    if conflicts or attendance_now is not None or declarations_now is not None:
        raise MinutesConflict(conflicts, attendance_now=attendance_now,
                              declarations_now=declarations_now)


def _save_minutes(meeting: Meeting, minutes: list[MinuteInput]) -> dict[str, int]:
    existing = {m.agenda_item_id: m for m in Minute.objects.filter(agenda_item__meeting=meeting)}
    counts = {"written": 0, "removed": 0}
    for entry in minutes:
        text, decisions = entry.text.strip(), entry.decisions.strip()
        minute = existing.get(entry.agenda_item.pk)
        if not text and not decisions:
            if minute is not None:
                minute.delete()
                counts["removed"] += 1
            continue
        if minute is None:
            Minute.objects.create(agenda_item=entry.agenda_item, text=text, decisions=decisions)
            counts["written"] += 1
        elif (minute.text, minute.decisions) != (text, decisions):
            version_claim(obj=minute, expected_version=minute.version)
            minute.text, minute.decisions = text, decisions
            minute.save(update_fields=["text", "decisions", "updated_at"])
            counts["written"] += 1
    return counts


def _save_attendance(meeting: Meeting, attendance: list[AttendanceInput]) -> None:
    meeting.attendances.exclude(person__in=[a.person.pk for a in attendance]).delete()
    for position, entry in enumerate(attendance, start=1):
        Attendance.objects.update_or_create(
            meeting=meeting,
            person=entry.person,
            defaults={
                "status": entry.status,
                "substituting_for": entry.substituting_for,
                "note": entry.note.strip(),
                "position": position,
            },
        )


def _save_declarations(meeting: Meeting, declarations: list[DeclarationInput]) -> None:
    DeclarationOfInterest.objects.filter(agenda_item__meeting=meeting).delete()
    DeclarationOfInterest.objects.bulk_create(
        DeclarationOfInterest(
            agenda_item=d.agenda_item, person=d.person, kind=d.kind, nature=d.nature.strip()
        )
        for d in declarations
    )


def meeting_record_save(
    *,
    meeting: Meeting,
    actor,
    minutes: list[MinuteInput],
    attendance: list[AttendanceInput] | None,
    declarations: list[DeclarationInput] | None,
    attendance_read: str | None = None,
    declarations_read: str | None = None,
) -> Meeting:
    """Save the record of ``meeting``: minutes, attendance and declarations of interest.

    ``minutes`` holds the items to write (items left out keep their minute; a
    blank entry removes one). An entry whose ``version`` is not the one saved now
    (someone else saved that item's minute since it was read) makes the whole save
    refused with MinutesConflict, unless it says what is saved now. ``attendance``
    and ``declarations`` replace the meeting's whole attendance and all its
    declarations; None leaves them as they are. ``attendance_read`` and
    ``declarations_read`` are the attendance_digest and declarations_digest of what
    the editor read: when what is saved now differs from it (and from what is sent)
    the save is refused with MinutesConflict. A meeting whose agenda is published
    becomes "held" once it has a minute. Writes one audit entry.

    Raises MinutesLocked when the minutes are confirmed, MinutesConflict (above),
    and ValidationError (listing every problem) for an item of another meeting, a person recorded
    twice, an unknown status, a declaration with no nature, or a person (or
    one substituted for) of another partnership (selectors.partnership_people);
    nothing is saved then.
    """
    _check_record(meeting, minutes, attendance or [], declarations or [])
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _refuse_if_locked(meeting)
        _refuse_stale(meeting, minutes, attendance, attendance_read, declarations,
                      declarations_read)
        counts = _save_minutes(meeting, minutes)
        if attendance is not None:
            _save_attendance(meeting, attendance)
        if declarations is not None:
            _save_declarations(meeting, declarations)
        before = meeting.status
        has_minutes = Minute.objects.filter(agenda_item__meeting=meeting).exists()
        if before == Meeting.Status.AGENDA_PUBLISHED and has_minutes:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status"])
        audit_entry_create(
            obj=meeting,
            action="meeting.record_saved",
            actor=actor,
            summary=f"Record of {meeting} saved",
            detail={
                "minutes_written": counts["written"],
                "minutes_removed": counts["removed"],
                "attendance": "unchanged" if attendance is None else len(attendance),
                "declarations": "unchanged" if declarations is None else len(declarations),
                "status": [before, meeting.status],
            },
        )
    return meeting


def meeting_minutes_confirm(
    *, meeting: Meeting, actor, at_meeting: Meeting, amendments: str = ""
) -> Meeting:
    """Record that ``meeting``'s minutes were confirmed as a true record at ``at_meeting``.

    Sets the status to minutes_confirmed with when, by whom and at which
    meeting, keeping the ``amendments`` agreed there (plain text, printed with
    the confirmed minutes); from then on the minutes are locked. Writes one
    audit entry.
    Raises MinutesLocked if they are already confirmed, and ValidationError when
    the meeting has no minutes or ``at_meeting`` is not a later meeting of the
    same board (DOMAIN.md: draft minutes go to the next meeting).
    """
    if at_meeting.board_id != meeting.board_id or at_meeting.start <= meeting.start:
        raise ValidationError(
            "Choose a later meeting of the same board.", code="invalid_at_meeting"
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _refuse_if_locked(meeting)
        if not Minute.objects.filter(agenda_item__meeting=meeting).exists():
            raise ValidationError(
                "There are no minutes to confirm: record the meeting first.", code="no_minutes"
            )
        before = meeting.status
        meeting.status = Meeting.Status.MINUTES_CONFIRMED
        meeting.minutes_confirmed_at = timezone.now()
        meeting.minutes_confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        meeting.minutes_confirmed_at_meeting = at_meeting
        meeting.minutes_amendments = amendments.strip()
        meeting.save(update_fields=[
            "status", "minutes_confirmed_at", "minutes_confirmed_by",
            "minutes_confirmed_at_meeting", "minutes_amendments",
        ])
        audit_entry_create(
            obj=meeting,
            action="meeting.minutes_confirmed",
            actor=actor,
            summary=f"Minutes of {meeting} confirmed at {at_meeting}",
            detail={"status": [before, meeting.status], "at_meeting": at_meeting.pk,
                    "amendments": meeting.minutes_amendments},
        )
    return meeting


def _mark_held_if_minuted(meeting: Meeting) -> str:
    """Move a published meeting to "held" once it has a minute; returns the status before."""
    before = meeting.status
    has_minutes = Minute.objects.filter(agenda_item__meeting=meeting).exists()
    if before == Meeting.Status.AGENDA_PUBLISHED and has_minutes:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
    return before


def meeting_attendance_save(
    *, meeting: Meeting, actor, attendance: list[AttendanceInput] | None,
    attendance_read: str | None = None,
) -> Meeting:
    """Replace ``meeting``'s whole attendance with ``attendance``; minutes are left alone.

    The first page of recording a meeting saves this on its own, so a minute
    taker never waits for every item to be valid. ``attendance`` None (the editor
    changed nothing) saves nothing. ``attendance_read`` is the attendance_digest
    of what the editor read: when what is saved now differs from it (and from
    what is sent) the save is refused with MinutesConflict. Writes one audit
    entry. Raises MinutesLocked for confirmed minutes and ValidationError (every
    problem listed, nothing saved) as meeting_record_save does for attendance.
    """
    if attendance is None:
        return meeting
    _check_record(meeting, [], attendance, [])
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _refuse_if_locked(meeting)
        _refuse_stale(meeting, [], attendance, attendance_read, None, None)
        _save_attendance(meeting, attendance)
        audit_entry_create(
            obj=meeting,
            action="meeting.attendance_saved",
            actor=actor,
            summary=f"Attendance at {meeting} saved",
            detail={"attendance": len(attendance)},
        )
    return meeting


def agenda_item_record_save(
    *,
    item: AgendaItem,
    actor,
    minute: MinuteInput | None,
    declarations: list[DeclarationInput] | None,
    declarations_read: str | None = None,
) -> Minute | None:
    """Save one agenda item's minute and replace its declarations of interest.

    Other items are untouched: each item of the meeting saves on its own
    (issue: "nothing waits for the whole meeting to be valid"). ``minute`` None
    keeps the item's minute as it is (the editor did not change it); blank text
    and decisions remove it. ``declarations`` None keeps the item's
    declarations. A ``minute.version`` other than the one saved now, or
    declarations of the item saved now other than those read
    (``declarations_read``, a declarations_digest), refuse the whole save with
    MinutesConflict, unless what is sent is what is saved now. A published
    meeting becomes "held" once it has a minute. Writes one audit entry.
    Returns the minute (None when there is none). Raises MinutesLocked for
    confirmed minutes and ValidationError (nothing saved) for a minute or
    declaration of another item, one person declaring twice, a declaration with
    no nature, or someone of another partnership.
    """
    meeting = item.meeting
    if any(d.agenda_item.pk != item.pk for d in declarations or []) or (
        minute is not None and minute.agenda_item.pk != item.pk
    ):
        raise ValidationError("A minute or declaration is not for this agenda item.")
    minutes = [minute] if minute is not None else []
    _check_record(meeting, minutes, [], declarations or [])
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _refuse_if_locked(meeting)
        _refuse_stale(meeting, minutes, None, None, declarations, declarations_read, item=item)
        counts = _save_minutes(meeting, minutes)
        if declarations is not None:
            DeclarationOfInterest.objects.filter(agenda_item=item).delete()
            DeclarationOfInterest.objects.bulk_create(
                DeclarationOfInterest(
                    agenda_item=item, person=d.person, kind=d.kind, nature=d.nature.strip()
                )
                for d in declarations
            )
        before = _mark_held_if_minuted(meeting)
        audit_entry_create(
            obj=meeting,
            action="meeting.item_record_saved",
            actor=actor,
            summary=f"Minute of item {item.full_label} of {meeting} saved",
            detail={
                "agenda_item": item.pk,
                "minutes_written": counts["written"],
                "minutes_removed": counts["removed"],
                "declarations": "unchanged" if declarations is None else len(declarations),
                "status": [before, meeting.status],
            },
        )
    return Minute.objects.filter(agenda_item=item).first()
