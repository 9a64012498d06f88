"""Forms of the action log pages, rendered as GOV.UK components by crispy-forms-gds.

Forms check what was typed; the rules of the log (numbering, leads, dates)
are enforced again by actions.services, whose ValidationErrors the views show.
"""
import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Hidden, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from boards.models import AgendaItem, Meeting, Person

from .models import Action, RagStatus


class GovukDateField(DateInputField):
    """A GOV.UK date input (Day, Month, Year) → ``datetime.date`` or None when left blank.

    Unlike DateInputField alone, a date with a part missing or that does not
    exist is an error ("Target date must include a year"), never silently None.
    """

    def __init__(self, *, label: str, required: bool = False, **kwargs: Any) -> None:
        super().__init__(label=label, required=required, require_all_fields=False, **kwargs)
        for part in self.fields:
            part.required = False

    def clean(self, value: Any) -> dt.date | None:
        parts = list(value or []) + [None] * 3
        day, month, year = (str(p or "").strip() for p in parts[:3])
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter the {self.label.lower()}")
            return None
        for name, part in (("day", day), ("month", month), ("year", year)):
            if not part:
                raise ValidationError(f"{self.label} must include a {name}")
        try:
            result = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None
        if result.year < 1900:
            raise ValidationError(f"{self.label} must be a real date, with a 4-digit year")
        return result


BOTH_DATE_AND_TBC = "Enter a target date or select Date TBC, not both"


def _helper(*fields: Any, submit: str, operation: str = "") -> FormHelper:
    """A POST form's helper; ``operation`` names the form when a page has several."""
    helper = FormHelper()
    helper.form_method = "post"
    extra = [Hidden("operation", operation)] if operation else []
    helper.layout = Layout(*fields, *extra, Submit("submit", submit))
    return helper


class LeadChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.name


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.full_label} {obj.title}"


class ActionRaiseForm(forms.Form):
    """Raise an action: description, leads (people and/or a body), target date or TBC, RAG.

    ``leads`` are the board's current members; ``meeting`` gives the agenda
    items it may be raised under.
    """

    agenda_item = AgendaItemChoiceField(
        label="Agenda item", queryset=AgendaItem.objects.none(), required=False,
        empty_label="Not under a particular item",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea,
        error_messages={"required": "Enter a description of the action"},
    )
    lead_people = LeadChoiceField(
        label="Leads", queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who leads this action.",
    )
    lead_body = forms.CharField(
        label="Lead body", required=False, max_length=200,
        help_text='For a lead that is not a person, for example "All partners".',
    )
    target_date = GovukDateField(label="Target date", help_text="For example, 28 3 2018")
    target_date_tbc = forms.BooleanField(label="Date TBC", required=False)
    rag_status = forms.ChoiceField(
        label="RAG status", choices=RagStatus.choices, widget=forms.RadioSelect,
        initial=RagStatus.AMBER, error_messages={"required": "Select a RAG status"},
    )

    def __init__(self, *args: Any, meeting: Meeting, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(meeting=meeting)
            .select_related("parent")
            .order_by("parent__position", "parent_id", "position")
        )
        self.fields["lead_people"].queryset = leads
        self.helper = _helper(
            Field.select("agenda_item"),
            Field.textarea("description", rows=4),
            Field.checkboxes("lead_people", legend_size=Size.SMALL, small=True),
            Field.text("lead_body", field_width=Fluid.TWO_THIRDS),
            Field("target_date"),
            Field.checkbox("target_date_tbc", small=True),
            Field.radios("rag_status", legend_size=Size.SMALL, inline=True),
            submit="Raise action",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("lead_people") and not (data.get("lead_body") or "").strip():
            self.add_error("lead_people", "Select at least one lead, or enter a lead body")
        if "target_date" in data:
            if data["target_date"] is None and not data.get("target_date_tbc"):
                self.add_error("target_date", "Enter a target date, or select Date TBC")
            elif data["target_date"] is not None and data.get("target_date_tbc"):
                self.add_error("target_date_tbc", BOTH_DATE_AND_TBC)
        return data


class ActionUpdateForm(forms.Form):
    """A lead's update: text, the RAG status now, and perhaps a revised target date with reason."""

    text = forms.CharField(
        label="Update", widget=forms.Textarea,
        help_text="What has been done, and what is still to do.",
        error_messages={"required": "Enter an update"},
    )
    rag_status = forms.ChoiceField(
        label="RAG status", choices=RagStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG status"},
    )
    target_date = GovukDateField(
        label="Revised target date", help_text="Leave blank to keep the current target date."
    )
    reason = forms.CharField(
        label="Reason for the new date", widget=forms.Textarea, required=False,
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"rag_status": action.rag_status})
        super().__init__(*args, **kwargs)
        self.action = action
        self.helper = _helper(
            Field.textarea("text", rows=5),
            Field.radios("rag_status", legend_size=Size.SMALL, inline=True),
            Field("target_date"),
            Field.textarea("reason", rows=3),
            submit="Post update",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        new_date = data.get("target_date")
        if new_date is not None and new_date != self.action.target_date:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Enter the reason for the new date")
        return data


class ActionRagForm(forms.Form):
    """The chair or clerk changes the RAG status."""

    rag_status = forms.ChoiceField(
        label="New RAG status", choices=RagStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG status"},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="rag", **kwargs)
        self.helper = _helper(
            Field.radios("rag_status", legend_size=Size.SMALL, inline=True),
            Field.textarea("note", rows=2),
            submit="Change RAG status", operation="rag",
        )


class ActionCloseForm(forms.Form):
    """The chair or clerk closes the action, with a note and the date it closed."""

    closed_on = GovukDateField(
        label="Date closed", required=True, help_text="For example, 28 3 2018"
    )
    note = forms.CharField(
        label="Why is the action closed?", widget=forms.Textarea,
        error_messages={"required": "Enter a note saying why the action is closed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="close", **kwargs)
        self.helper = _helper(
            Field("closed_on"), Field.textarea("note", rows=2), submit="Close action",
            operation="close",
        )


class ActionMergeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.number}: {obj.description[:80]}"


class ActionMergeForm(forms.Form):
    """The chair or clerk merges this (duplicate) action into another of the board's actions."""

    into = ActionMergeChoiceField(
        label="Merge into action", queryset=Action.objects.none(),
        empty_label="Choose an action",
        error_messages={"required": "Choose the action to merge this one into"},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="merge", **kwargs)
        self.fields["into"].queryset = candidates
        self.helper = _helper(
            Field.select("into"), Field.textarea("note", rows=2), submit="Merge action",
            operation="merge",
        )


class ActionDatesResetForm(forms.Form):
    """The chair or clerk resets the target date (or makes it TBC), with the reason."""

    target_date = GovukDateField(label="New target date", help_text="For example, 30 6 2018")
    target_date_tbc = forms.BooleanField(label="Date TBC", required=False)
    reason = forms.CharField(
        label="Reason for the new date", widget=forms.Textarea,
        error_messages={"required": "Enter the reason for the new date"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="dates", **kwargs)
        self.helper = _helper(
            Field("target_date"),
            Field.checkbox("target_date_tbc", small=True),
            Field.textarea("reason", rows=2),
            submit="Reset target date", operation="dates",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "target_date" in data:
            if data["target_date"] is None and not data.get("target_date_tbc"):
                self.add_error("target_date", "Enter a new target date, or select Date TBC")
            elif data["target_date"] is not None and data.get("target_date_tbc"):
                self.add_error("target_date_tbc", BOTH_DATE_AND_TBC)
        return data
