"""Forms of the meeting, agenda and forward plan pages (GOV.UK components via crispy-forms-gds).

Forms only check and convert what was typed; the rules live in
boards.agenda.services and boards.agenda.forward_plan, whose ValidationErrors
the views add back to these forms (the error keys are these forms' field names).
"""
from __future__ import annotations

import datetime as dt
import re

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import dateformat, timezone

from csp_portal.concurrency import VersionedFormMixin

from ..models import EXEMPT_PARAGRAPHS, AgendaItem, ForwardPlanItem, Meeting, Person, Purpose

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


def parse_time(text: str) -> dt.time:
    """ "10:00", "14.30", "10am", "2:30pm", "midday" → a time; raises ValueError otherwise."""
    value = text.strip().lower().replace(" ", "")
    if value in ("midday", "noon", "12noon"):
        return dt.time(12, 0)
    if value == "midnight":
        return dt.time(0, 0)
    match = _TIME.match(value)
    if not match:
        raise ValueError(text)
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    elif match["minute"] is None:
        raise ValueError(text)  # "10" alone is ambiguous
    return dt.time(hour, minute)


class TimeInputField(forms.CharField):
    """A time of day typed as text, e.g. "10am" or "14:30"; cleans to a ``datetime.time``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "For example, 10am, 2:30pm or 14:30")
        super().__init__(max_length=20, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_time(text)
        except ValueError as exc:
            raise forms.ValidationError(
                f"Enter {self.label.lower()} as a time of day, like 10am or 14:30"
            ) from exc


def _person_label(person: Person) -> str:
    return person.name_and_post


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return _person_label(obj)


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


# --- A new meeting ----------------------------------------------------------------------------


class MeetingCreateForm(forms.Form):
    """A new meeting's notice details and the forward plan items its agenda starts from.

    ``cleaned_data["start"]`` and ``["end"]`` are aware datetimes (Europe/London);
    ``["forward_plan_items"]`` the chosen ForwardPlanItems in forward plan order.
    """

    date = DateInputField(label="Date", help_text="For example, 27 6 2018",
                          require_all_fields=False)
    start = TimeInputField(label="Start time")
    end = TimeInputField(label="End time", required=False)
    venue = forms.CharField(label="Venue", max_length=300, required=False)
    title = forms.CharField(
        label="Meeting title (optional)", max_length=200, required=False,
        help_text="Leave blank to use the board's name, or for example 'Closed meeting'",
    )
    chaired_by = _PersonChoice(label="Chair", queryset=Person.objects.none(), required=False,
                               empty_label="Not decided yet")
    contact_officer = _PersonChoice(label="Contact officer", queryset=Person.objects.none(),
                                    required=False, empty_label="Not decided yet")
    minute_taker = _PersonChoice(label="Minute taker", queryset=Person.objects.none(),
                                 required=False, empty_label="Not decided yet")
    forward_plan_items = forms.MultipleChoiceField(
        label="Items from the forward plan", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each item you select becomes a draft agenda item of this meeting and "
        "moves to it in the forward plan. Select all that apply.",
    )

    def __init__(self, *args, people, plan_items: list[ForwardPlanItem], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chaired_by", "contact_officer", "minute_taker"):
            self.fields[name].queryset = people
        self._plan_items = {str(fp.pk): fp for fp in plan_items}
        self.fields["forward_plan_items"].choices = [
            Choice(str(fp.pk), fp.title, hint=_plan_item_hint(fp)) for fp in plan_items
        ]
        self.fields["date"].error_messages.update({
            "required": "Enter the date of the meeting",
            "incomplete": "Enter the date of the meeting",
        })
        self.fields["start"].error_messages["required"] = "Enter the start time"
        plan = [Field.checkboxes("forward_plan_items", legend_size=Size.MEDIUM, small=True)]
        self.helper = _helper(
            Fieldset(
                Field("date"), Field.text("start", field_width=10),
                Field.text("end", field_width=10), Field.text("venue"), Field.text("title"),
                legend="When and where", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("chaired_by"), Field.select("contact_officer"),
                Field.select("minute_taker"), legend="Who", legend_size=Size.MEDIUM,
            ),
            *(plan if plan_items else []),
            submit="Create meeting",
        )

    def _at(self, day: dt.date, time: dt.time | None) -> dt.datetime | None:
        if time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, time))

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day is not None and data.get("start") is not None:
            data["start"] = self._at(day, data["start"])
            data["end"] = self._at(day, data.get("end"))
            if data["end"] is not None and data["end"] <= data["start"]:
                self.add_error("end", "The end time must be after the start time")
        data["forward_plan_items"] = [
            self._plan_items[pk] for pk in self._plan_items
            if pk in (data.get("forward_plan_items") or [])
        ]
        return data


def _plan_item_hint(fp: ForwardPlanItem) -> str:
    parts = [f"Planned for {dateformat.format(timezone.localtime(fp.meeting.start), 'j F Y')}"]
    if fp.presenter:
        parts.append(fp.presenter)
    if fp.reason:
        parts.append(fp.get_reason_display())
    if fp.is_standing:
        parts.append("Standing item")
    return ". ".join(parts)


# --- An agenda item ---------------------------------------------------------------------------


def report_months(until: dt.date, count: int = 24) -> list[dt.date]:
    """The first days of the ``count`` months up to and including ``until``'s, latest first."""
    year, month = until.year, until.month
    out = []
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


class AgendaItemForm(VersionedFormMixin, forms.Form):
    """An agenda item's details; the fields of boards.agenda.services.AgendaItemInput, and the
    month of the performance report it tables (``performance_report_as_at``, a date or None).

    Changing a saved item, the form carries the item's version (``version=item.version``);
    adding one, ``versioned=False``.

    ``late=True`` (an item added, or kept, after the agenda was published) asks for the
    reason for urgency; ``months`` are the as-at months offered, latest first.
    """

    urgency_reason = forms.CharField(
        label="Reason for urgency", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The agenda is already published: this item goes out in a supplementary "
        "agenda, which must record why it could not wait.",
    )
    number = forms.CharField(
        label="Number as printed (optional)", max_length=10, required=False,
        help_text='For example "8.3". Leave blank to number the item by its place.',
    )
    title = forms.CharField(label="Title", max_length=300,
                            error_messages={"required": "Enter the item's title"})
    description = forms.CharField(label="Description (optional)", required=False,
                                  widget=forms.Textarea)
    presenter = forms.CharField(
        label="Presenter (optional)", max_length=200, required=False,
        help_text="As the agenda prints it, for example 'Chair' or 'Chairs of sub-groups'",
    )
    presenter_person = _PersonChoice(
        label="Presenter from the people list (optional)", queryset=Person.objects.none(),
        required=False, empty_label="None",
    )
    purpose = forms.ChoiceField(label="Purpose", required=False, choices=Purpose.choices,
                                widget=forms.RadioSelect)
    minutes_allowed = forms.IntegerField(
        label="Time allowed, in minutes (optional)", required=False, min_value=1,
        max_value=600, help_text="For example, 15",
        error_messages={"invalid": "Enter the time allowed as a whole number of minutes",
                        "min_value": "The time allowed must be at least 1 minute",
                        "max_value": "The time allowed must be 600 minutes or fewer"},
    )
    is_verbal = forms.BooleanField(label="Verbal item (no paper)", required=False)
    is_standing = forms.BooleanField(label="Standing item (repeats every meeting)",
                                     required=False)
    is_restricted = forms.BooleanField(
        label="Restricted: exempt from publication", required=False,
        help_text="The public agenda shows only the title and the exempt paragraph",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Exempt paragraph", required=False, coerce=int, empty_value=None,
        choices=[("", "Select a paragraph")]
        + [(k, f"Paragraph {k}: {v}") for k, v in EXEMPT_PARAGRAPHS.items()],
        help_text="Local Government Act 1972, Schedule 12A. Needed when the item is restricted",
    )
    pack_content = forms.ChoiceField(
        label="The agenda pack prints under this item", required=False,
        choices=AgendaItem.PackContent.choices, widget=forms.RadioSelect,
    )
    performance_report_as_at = forms.TypedChoiceField(
        label="Table the performance report as at", required=False, empty_value=None,
        coerce=lambda v: dt.date.fromisoformat(v + "-01"),
        help_text="The last month the report covers. The pack prints the report from the "
        "approved returns up to that month under this item.",
    )

    def __init__(self, *args, people, submit: str = "Save item", late: bool = False,
                 months: list[dt.date] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.late = late
        self.fields["presenter_person"].queryset = people
        self.fields["performance_report_as_at"].choices = [("", "No performance report")] + [
            (f"{m:%Y-%m}", f"{m:%B %Y}") for m in months
        ]
        if not late:
            del self.fields["urgency_reason"]
        self.helper = _helper(
            *([Field.textarea("urgency_reason")] if late else []),
            Field.text("number", field_width=5),
            Field.text("title"), Field.textarea("description", rows=4),
            Field.text("presenter"), Field.select("presenter_person"),
            Field.radios("purpose", small=True), Field.text("minutes_allowed", field_width=3),
            Field.checkbox("is_verbal", small=True), Field.checkbox("is_standing", small=True),
            Fieldset(
                Field.checkbox("is_restricted", small=True), Field.select("exempt_paragraph"),
                legend="Restriction", legend_size=Size.SMALL,
            ),
            Field.radios("pack_content", small=True),
            Field.select("performance_report_as_at"),
            *(["version"] if "version" in self.fields else []),
            submit=submit,
        )
        self.helper.attrs = {"data-draft": ""}

    def clean(self):
        data = super().clean()
        if self.late and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", "Enter the reason for urgency")
        if data.get("is_restricted") and not data.get("exempt_paragraph"):
            self.add_error(
                "exempt_paragraph",
                "Select the exempt paragraph that makes this item restricted",
            )
        return data


# --- A forward plan item ----------------------------------------------------------------------


class _MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        day = dateformat.format(timezone.localtime(obj.start), "l j F Y")
        return f"{day} ({obj.title})" if obj.title else day


class ForwardPlanItemForm(forms.Form):
    """A forward plan row; the fields of boards.agenda.forward_plan.ForwardPlanItemInput."""

    meeting = _MeetingChoice(
        label="Meeting", queryset=Meeting.objects.none(), empty_label="Select a meeting",
        error_messages={"required": "Select the meeting the item is planned for"},
    )
    title = forms.CharField(label="Report title", max_length=300,
                            error_messages={"required": "Enter the report title"})
    section = forms.ChoiceField(label="Section (optional)", required=False,
                                choices=ForwardPlanItem.Section.choices,
                                widget=forms.RadioSelect)
    presenter = forms.CharField(label="Presenter (optional)", max_length=200, required=False)
    reason = forms.ChoiceField(label="Reason", required=False, choices=Purpose.choices,
                               widget=forms.RadioSelect)
    comments = forms.CharField(label="Comments and version control (optional)", max_length=300,
                               required=False)
    status = forms.ChoiceField(label="Item status", required=False,
                               choices=ForwardPlanItem.Status.choices, widget=forms.RadioSelect)
    is_standing = forms.BooleanField(label="Standing item (repeats every meeting)",
                                     required=False)
    is_break = forms.BooleanField(label="A break in the meeting (printed as a Break row)",
                                  required=False)

    def __init__(self, *args, meetings, submit: str = "Save item", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.helper = _helper(
            Field.select("meeting"), Field.text("title"), Field.radios("section", small=True),
            Field.text("presenter"), Field.radios("reason", small=True), Field.text("comments"),
            Field.radios("status", small=True), Field.checkbox("is_standing", small=True),
            Field.checkbox("is_break", small=True), submit=submit,
        )
