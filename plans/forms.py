"""Forms of the clerk's plan pages (GOV.UK components through crispy-forms-gds).

Forms check what was typed; plans.services enforces the rules again and its
ValidationErrors, keyed by these forms' field names, are shown on the form.
"""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from actions.forms import GovukDateField
from boards.models import Board

from .models import Plan, Priority
from .services import PLAN_FIELDS


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class PlanForm(forms.Form):
    """A plan's title, period, status, approval and review date, and introduction."""

    title = forms.CharField(label="Title", max_length=300,
                            error_messages={"required": "Enter the plan's title"})
    period_start = GovukDateField(label="Start of the period", required=True,
                                  help_text="For example, 1 4 2017")
    period_end = GovukDateField(label="End of the period", required=True,
                                help_text="For example, 31 3 2020")
    status = forms.ChoiceField(label="Status", choices=Plan.Status.choices,
                               widget=forms.RadioSelect, initial=Plan.Status.DRAFT)
    approved_by = forms.ModelChoiceField(
        label="Approved by (optional)", queryset=Board.objects.none(), required=False,
        empty_label="Not approved yet",
    )
    approved_on = GovukDateField(label="Date approved (optional)")
    review_date = GovukDateField(label="Review date (optional)")
    introduction = forms.CharField(label="Foreword or vision (optional)", required=False,
                                   widget=forms.Textarea)

    def __init__(self, *args: Any, boards: Any, plan: Plan | None = None, **kwargs: Any):
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(plan, name) for name in PLAN_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = boards
        self.helper = _helper(
            Field.text("title"), Field("period_start"), Field("period_end"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.select("approved_by"), Field("approved_on"), Field("review_date"),
            Field.textarea("introduction", rows=4),
            submit="Save plan",
        )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


class PlanVersionForm(forms.Form):
    """A row of the plan's version history."""

    version = forms.CharField(label="Version", max_length=20,
                              error_messages={"required": "Enter the version, for example 1.1"})
    change = forms.CharField(label="What changed", widget=forms.Textarea,
                             error_messages={"required": "Enter what changed in this version"})
    date = GovukDateField(label="Date (optional)")
    dissemination = forms.CharField(label="Sent to (optional)", required=False,
                                    widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("version", field_width=Fluid.ONE_QUARTER),
            Field.textarea("change", rows=3), Field("date"),
            Field.textarea("dissemination", rows=2),
            submit="Add version",
        )


class _PriorityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.code} {obj.title}"


class PriorityForm(forms.Form):
    """A priority of the plan, or an objective under one of its priorities."""

    code = forms.CharField(
        label="Code", max_length=20, help_text="As the plan numbers it, for example 1 or 1.2.",
        error_messages={"required": "Enter the code as the plan numbers it"},
    )
    title = forms.CharField(label="Title", max_length=300,
                            error_messages={"required": "Enter the title"})
    parent = _PriorityChoice(
        label="Objective of (optional)", queryset=Priority.objects.none(), required=False,
        empty_label="None: this is a priority",
    )
    description = forms.CharField(label="Description (optional)", required=False,
                                  widget=forms.Textarea)
    success_measures = forms.CharField(label="Success measures (optional)", required=False,
                                       widget=forms.Textarea)
    position = forms.IntegerField(label="Position", min_value=0, initial=0,
                                  help_text="Orders the priorities or objectives it sits among.")

    def __init__(self, *args: Any, plan: Plan, priority: Priority | None = None, **kwargs: Any):
        if priority is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": priority.code, "title": priority.title, "parent": priority.parent,
                "description": priority.description,
                "success_measures": priority.success_measures, "position": priority.position,
            }
        super().__init__(*args, **kwargs)
        parents = plan.priorities.filter(parent=None).order_by("position", "code")
        if priority is not None:
            parents = parents.exclude(pk=priority.pk)
        self.fields["parent"].queryset = parents
        self.helper = _helper(
            Field.text("code", field_width=Fluid.ONE_QUARTER), Field.text("title"),
            Field.select("parent"), Field.textarea("description", rows=4),
            Field.textarea("success_measures", rows=3),
            Field.text("position", field_width=Fluid.ONE_QUARTER),
            submit="Save",
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("code", "title", "parent", "description",
                                              "success_measures", "position")}
