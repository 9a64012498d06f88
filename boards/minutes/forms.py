"""Forms of recording a meeting and of confirming its minutes.

Recording runs the way a meeting does: an attendance page (the board's
members' rows and rows for anyone else, ``AttendanceForms``), then one page
per agenda item (its minute and declarations of interest, ``ItemRecordForms``).
Each page validates all its fields at once (every error shows together and
nothing typed is lost) and saves on its own through boards.minutes.services.
"""
from __future__ import annotations

import hashlib

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from csp_portal.concurrency import ReadDigestField, VersionField

from ..models import AgendaItem, Attendance, DeclarationOfInterest, Meeting, Person
from .services import (
    AttendanceInput,
    DeclarationInput,
    MinuteInput,
    attendance_digest,
    declarations_digest,
)

AGENDA_CHANGED = (
    "The agenda or the board's membership changed after this page was opened. "
    "Copy anything you typed, then open the page again."
)

_TEXTAREA = {"class": "govuk-textarea"}
_SELECT = {"class": "govuk-select"}
_INPUT = {"class": "govuk-input"}


def _person_field(choices: list[tuple[int, str]], label: str, empty: str) -> forms.Field:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None,
        choices=[("", empty), *choices], widget=forms.Select(attrs=_SELECT),
    )


def minute_digest(text: str, decisions: str) -> str:
    """A short fingerprint of a minute's text and decisions as the editor read them, so that
    a save writes only the minutes the editor changed (line endings and outer spaces aside)."""
    def norm(value: str) -> str:
        return (value or "").replace("\r\n", "\n").strip()

    return hashlib.sha256(f"{norm(text)}\0{norm(decisions)}".encode()).hexdigest()[:24]


class MinuteForm(forms.Form):
    """The minute of one agenda item: discussion and decisions, both optional.

    ``version`` is the version of the item's minute the editor read (0: none) and
    ``read`` the minute_digest of what they read.
    """

    agenda_item = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": AGENDA_CHANGED}
    )
    version = VersionField()
    read = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 6}))
    decisions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 3}),
        help_text='For example, "The board agreed to…". One decision per paragraph.',
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["text"].label = f"Minute of item {item.full_label}"
        self.fields["decisions"].label = f"Decisions on item {item.full_label}"

    def clean_agenda_item(self) -> int:
        value = self.cleaned_data["agenda_item"]
        if value != self.item.pk:
            raise ValidationError(AGENDA_CHANGED)
        return value

    @property
    def edited(self) -> bool:
        """Whether the editor changed the minute from what they read (valid forms only)."""
        data = self.cleaned_data
        return minute_digest(data["text"], data["decisions"]) != data.get("read")


class MemberAttendanceForm(forms.Form):
    """A current member's attendance; a blank status means not recorded."""

    person = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": AGENDA_CHANGED}
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Not recorded"), *Attendance.Status.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    note = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs=_INPUT),
        help_text='For example, "Chair" or "arrived late"',
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = person
        self.fields["status"].label = f"Attendance of {person.name}"
        self.fields["note"].label = f"Note on {person.name}'s attendance (optional)"

    def clean_person(self) -> int:
        value = self.cleaned_data["person"]
        if value != self.member.pk:
            raise ValidationError(AGENDA_CHANGED)
        return value


class BaseMemberAttendanceFormSet(forms.BaseFormSet):
    """One MemberAttendanceForm per person of ``members`` (in that order)."""

    def __init__(self, *args, members: list[Person], **kwargs):
        self.members = members
        super().__init__(*args, **kwargs)

    def total_form_count(self) -> int:
        return len(self.members)

    def initial_form_count(self) -> int:
        # Every row is an existing one, so that none is skipped as "unchanged".
        return len(self.members)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "person": self.members[index]}


MemberAttendanceFormSet = forms.formset_factory(
    MemberAttendanceForm, formset=BaseMemberAttendanceFormSet, extra=0
)


class OtherAttendanceForm(forms.Form):
    """Someone else at the meeting: an officer, a presenter or a substitute."""

    def __init__(self, *args, row: int, people, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.people = dict(people)
        self.fields["person"] = _person_field(people, f"Other attendee {row}", "Choose a person")
        self.fields["status"] = forms.ChoiceField(
            label=f"Attendance of other attendee {row}", required=False,
            choices=[("", "Choose a status"), *Attendance.Status.choices],
            widget=forms.Select(attrs=_SELECT),
        )
        self.fields["substituting_for"] = _person_field(
            members, f"Other attendee {row} substituting for (optional)", "Nobody"
        )
        self.fields["note"] = forms.CharField(
            label=f"Note on other attendee {row} (optional)", required=False, max_length=200,
            widget=forms.TextInput(attrs=_INPUT),
        )

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person is None:
            if data.get("status") or data.get("substituting_for") or data.get("note"):
                self.add_error("person", f"Choose who attended (other attendee {self.row})")
            return data
        name = self.people.get(person, "this person")
        if not data.get("status"):
            self.add_error("status", f"Choose the attendance status of {name}")
        if data.get("substituting_for") == person:
            self.add_error("substituting_for", f"{name} cannot substitute for themselves")
        return data


class BaseOtherAttendanceFormSet(forms.BaseFormSet):
    def __init__(self, *args, people, members, **kwargs):
        self.people, self.members = people, members
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "row": index + 1, "people": self.people, "members": self.members,
        }


OtherAttendanceFormSet = forms.formset_factory(
    OtherAttendanceForm, formset=BaseOtherAttendanceFormSet, extra=2, max_num=100
)


class DeclarationForm(forms.Form):
    """A declaration of interest in one agenda item; an empty row is ignored."""

    def __init__(self, *args, item: AgendaItem, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.people = dict(people)
        label = item.full_label
        self.fields["person"] = _person_field(people, f"Who declared an interest in item {label}",
                                              "Nobody")
        self.fields["kind"] = forms.ChoiceField(
            label=f"Kind of interest in item {label}",
            choices=DeclarationOfInterest.Kind.choices, initial=DeclarationOfInterest.Kind.PERSONAL,
            widget=forms.Select(attrs=_SELECT),
        )
        self.fields["nature"] = forms.CharField(
            label=f"Nature of the interest in item {label}", required=False,
            widget=forms.TextInput(attrs=_INPUT),
        )

    def clean(self):
        data = super().clean()
        person, nature = data.get("person"), (data.get("nature") or "").strip()
        label = self.item.full_label
        if person is None and nature:
            self.add_error("person", f"Choose who declared the interest in item {label}")
        elif person is not None and not nature:
            name = self.people.get(person, "this person")
            self.add_error("nature", f"Enter the nature of {name}'s interest in item {label}")
        return data


class BaseDeclarationFormSet(forms.BaseFormSet):
    def __init__(self, *args, item: AgendaItem, people, **kwargs):
        self.item, self.people = item, people
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "item": self.item, "people": self.people}

    def clean(self):
        seen: set[int] = set()
        for form in self.forms:
            person = getattr(form, "cleaned_data", {}).get("person")
            if person is None:
                continue
            if person in seen:
                name = dict(self.people).get(person, "this person")
                form.add_error("person", f"{name} already declared an interest in item "
                                         f"{self.item.full_label}")
            seen.add(person)


DeclarationFormSet = forms.formset_factory(
    DeclarationForm, formset=BaseDeclarationFormSet, extra=1, max_num=50
)


def _error_list(groups) -> list[tuple[str, str]]:
    """(field id, message) for every error of ``groups`` (forms and formsets), in order."""
    errors: list[tuple[str, str]] = []
    for group in groups:
        is_set = isinstance(group, forms.BaseFormSet)
        if is_set:
            errors += [("record-form", str(e)) for e in group.non_form_errors()]
        for form in group.forms if is_set else [group]:
            for name, field_errors in form.errors.items():
                if name == "__all__" or form.fields[name].widget.is_hidden:
                    target = next(f.id_for_label for f in form.visible_fields())
                else:
                    target = form[name].id_for_label
                errors += [(target, str(e)) for e in field_errors]
    return list(dict.fromkeys(errors))  # a stale page gives one message per row


class RecordReadForm(forms.Form):
    """What the editor read of the attendance and the declarations, as digests
    (services.attendance_digest, services.declarations_digest)."""

    attendance = ReadDigestField()
    declarations = ReadDigestField()



class AttendanceForms:
    """The attendance page of recording a meeting: members' rows and rows for anyone else.

    ``members`` come from selectors.meeting_members, ``people`` from
    selectors.people_choices and ``attendances`` from
    selectors.meeting_attendance_records; ``data`` is a POST or None.
    """

    def __init__(self, *, members, people, attendances, data=None):
        self.people = people
        member_choices = [(p.pk, p.name) for p in members]
        by_person = {a.person_id: a for a in attendances}
        member_ids = {p.pk for p in members}
        self.members = MemberAttendanceFormSet(data, prefix="members", members=members, initial=[
            {"person": p.pk,
             "status": by_person[p.pk].status if p.pk in by_person else "",
             "note": by_person[p.pk].note if p.pk in by_person else ""}
            for p in members
        ])
        self.read = RecordReadForm(data, prefix="read", initial={
            "attendance": attendance_digest(attendances),
        })
        self.others = OtherAttendanceFormSet(
            data, prefix="others", people=people, members=member_choices,
            initial=[{"person": a.person_id, "status": a.status,
                      "substituting_for": a.substituting_for_id, "note": a.note}
                     for a in attendances if a.person_id not in member_ids],
        )

    def is_valid(self) -> bool:
        valid = all([self.members.is_valid(), self.others.is_valid(), self.read.is_valid()])
        return self._check_people_once() and valid

    def _check_people_once(self) -> bool:
        member_ids = {f.member.pk for f in self.members.forms}
        seen: set[int] = set()
        ok = True
        for form in self.others.forms:
            person = getattr(form, "cleaned_data", {}).get("person")
            if person is None:
                continue
            name = dict(self.people).get(person, "this person")
            if person in member_ids:
                form.add_error("person", f"{name} is a member of the board: record their "
                                         "attendance in the members' list")
                ok = False
            elif person in seen:
                form.add_error("person", f"{name} is listed twice")
                ok = False
            seen.add(person)
        return ok

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary (templates/govuk/_error_summary_for.html)."""
        return _error_list([self.members, self.others])

    def inputs(self) -> dict:
        """The valid data as meeting_attendance_save's ``attendance`` (None when the editor
        changed nothing) and ``attendance_read`` (the digest of what they read)."""
        rows = [f.cleaned_data for f in self.others.forms if f.cleaned_data.get("person")]
        wanted = {r["person"] for r in rows} | {r["substituting_for"] for r in rows}
        people = Person.objects.in_bulk([pk for pk in wanted if pk])
        attendance = [
            AttendanceInput(person=f.member, status=f.cleaned_data["status"],
                            note=f.cleaned_data["note"])
            for f in self.members.forms if f.cleaned_data.get("status")
        ] + [
            AttendanceInput(person=people[r["person"]], status=r["status"], note=r["note"],
                            substituting_for=people.get(r["substituting_for"]))
            for r in rows
        ]
        read = self.read.cleaned_data["attendance"]
        return {
            # Only when this editor changed it, with what they read, so that another
            # editor's change is neither overwritten nor lost.
            "attendance": None if attendance_digest(attendance) == read else attendance,
            "attendance_read": read or None,
        }


class ItemRecordForms:
    """One agenda item's page of recording a meeting: its minute and its declarations.

    ``item`` comes from selectors.record_agenda_items (with ``current_minute``
    and ``current_declarations``), ``people`` from selectors.people_choices.
    """

    def __init__(self, *, item: AgendaItem, people, data=None):
        self.item = item
        minute = item.current_minute
        self.minute = MinuteForm(data, prefix="minute", item=item, initial={
            "agenda_item": item.pk,
            "text": minute.text if minute else "",
            "decisions": minute.decisions if minute else "",
            "version": minute.version if minute else 0,
            "read": minute_digest(minute.text, minute.decisions) if minute
            else minute_digest("", ""),
        })
        self.declarations = DeclarationFormSet(
            data, prefix="declarations", item=item, people=people,
            initial=[{"person": d.person_id, "kind": d.kind, "nature": d.nature}
                     for d in item.current_declarations],
        )
        self.read = RecordReadForm(data, prefix="read", initial={
            "declarations": declarations_digest(item.current_declarations),
        })

    def is_valid(self) -> bool:
        return all([self.minute.is_valid(), self.declarations.is_valid(), self.read.is_valid()])

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary."""
        return _error_list([self.minute, self.declarations])

    def inputs(self) -> dict:
        """The valid data as agenda_item_record_save's ``minute`` and ``declarations`` (each
        None when the editor did not change it) and ``declarations_read``."""
        declared = [f.cleaned_data for f in self.declarations.forms
                    if f.cleaned_data.get("person")]
        people = Person.objects.in_bulk([d["person"] for d in declared])
        declarations = [
            DeclarationInput(agenda_item=self.item, person=people[d["person"]],
                             kind=d["kind"], nature=d["nature"])
            for d in declared
        ]
        read = self.read.cleaned_data["declarations"]
        return {
            # Only what this editor changed, with what they read: saving the declarations
            # never rewrites a minute that someone else saved meanwhile, nor the reverse.
            "minute": MinuteInput(
                agenda_item=self.item, text=self.minute.cleaned_data["text"],
                decisions=self.minute.cleaned_data["decisions"],
                version=self.minute.cleaned_data["version"],
            ) if self.minute.edited else None,
            "declarations": None if declarations_digest(declarations) == read else declarations,
            "declarations_read": read or None,
        }


class ConfirmMinutesForm(forms.Form):
    """Which later meeting of the board confirmed the minutes as a true record."""

    at_meeting = forms.TypedChoiceField(
        label="Meeting at which the minutes were confirmed", coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting at which the minutes were confirmed"},
    )

    def __init__(self, *args, meetings: list[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.meetings = {m.pk: m for m in meetings}
        self.fields["at_meeting"].choices = [(m.pk, str(m)) for m in meetings]
        if meetings and "at_meeting" not in self.initial:
            self.initial["at_meeting"] = meetings[0].pk

    def clean_at_meeting(self) -> Meeting:
        return self.meetings[self.cleaned_data["at_meeting"]]


class ConfirmMinutesWithAmendmentsForm(ConfirmMinutesForm):
    """Confirming minutes: the meeting, the amendments agreed there, and an explicit "yes".

    Amendments are kept and printed with the confirmed minutes (issue 11); the
    minutes lock only once ``confirm`` is ticked.
    """

    amendments = forms.CharField(
        label="Amendments agreed at the meeting (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Each amendment as agreed, for example \"Item 4: the second sentence should "
        "read…\". They are printed with the confirmed minutes.",
    )
    confirm = forms.BooleanField(
        label="I confirm these minutes, with any amendments above, are a true record. "
        "They cannot be changed afterwards.",
        error_messages={"required": "Tick the box to confirm the minutes are a true record"},
    )
