"""The form that raises an action under a minute, on the page recording that agenda item.

Its lead is anyone (or any organisation) of the partnership (actions.leads),
or a body typed in. The rules are checked again by actions.services.action_raise.
"""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout
from django import forms

from boards.models import Board

from .forms import BOTH_DATE_AND_TBC, GovukDateField
from .leads import lead_choices, lead_resolve
from .models import RagStatus


class MinuteActionForm(forms.Form):
    """Description, lead (a person or organisation, or a body), target date or TBC, RAG.

    Rendered by templates/boards/minutes/_item_actions.html with the prefix
    "action"; ``cleaned_data["lead"]`` is a Person, an Organisation or None.
    """

    description = forms.CharField(
        label="Action", widget=forms.Textarea,
        error_messages={"required": "Enter what the action is"},
    )
    lead = forms.ChoiceField(
        label="Lead", required=False,
        help_text="Anyone in the partnership, or an organisation.",
        widget=forms.Select(attrs={"data-lead-search": ""}),
    )
    lead_body = forms.CharField(
        label="Or a lead body (optional)", required=False, max_length=200,
        help_text='For example, "All partners".',
    )
    target_date = GovukDateField(label="Target date", help_text="For example, 28 3 2018")
    target_date_tbc = forms.BooleanField(label="Date TBC", required=False)
    rag_status = forms.ChoiceField(
        label="RAG status", choices=RagStatus.choices, initial=RagStatus.AMBER,
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, prefix="action", **kwargs)
        self.board = board
        self.fields["lead"].choices = [("", "Choose a lead"), *lead_choices(board=board)]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("description", rows=3),
            Field.select("lead"),
            Field.text("lead_body", field_width=Fluid.TWO_THIRDS),
            Field("target_date"),
            Field.checkbox("target_date_tbc", small=True),
            Field.select("rag_status"),
        )

    def clean_lead(self):
        value = self.cleaned_data.get("lead") or ""
        if not value:
            return None
        lead = lead_resolve(board=self.board, value=value)
        if lead is None:
            raise forms.ValidationError("Choose a lead from the list")
        return lead

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "lead" in data and data["lead"] is None and not (data.get("lead_body") or "").strip():
            self.add_error("lead", "Choose a lead, or enter a lead body")
        if "target_date" in data:
            if data["target_date"] is None and not data.get("target_date_tbc"):
                self.add_error("target_date", "Enter a target date, or select Date TBC")
            elif data["target_date"] is not None and data.get("target_date_tbc"):
                self.add_error("target_date_tbc", BOTH_DATE_AND_TBC)
        return data
