"""Forms of the chair's review of the action log."""
from typing import Any

from django import forms
from django.db.models import QuerySet

from ..models import RagStatus

CHANGES = [("rag", "Change the RAG status"), ("close", "Close")]


class ActionSelectionForm(forms.Form):
    """A change to the selected actions of the log: a new RAG status, or close; a note.

    ``selectable`` is the queryset of the actions that may be ticked in the table (name
    "selected"): the board's own open actions; ``selected`` cleans to those ticked.
    """

    selected = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={
            "required": "Select at least one action",
            "invalid_choice": "Action %(value)s cannot be changed from this log: it is closed "
            "or belongs to another board",
            "invalid_pk_value": "Select actions from the log",
        },
    )
    change = forms.ChoiceField(
        label="Change", choices=CHANGES, widget=forms.RadioSelect,
        error_messages={"required": "Choose a change"},
    )
    rag_status = forms.ChoiceField(
        label="New RAG status", required=False, choices=[("", "Choose"), *RagStatus.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
        help_text="Kept in each action's history.",
    )

    def __init__(self, *args: Any, selectable: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = selectable

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("change") == "rag" and not data.get("rag_status"):
            self.add_error("rag_status", "Choose the new RAG status")
        return data


class CompletionRequestForm(forms.Form):
    """A lead's optional note when marking an action complete."""

    note = forms.CharField(
        label="Note for the chair (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
    )
