"""Forms of the plan action pages (GOV.UK components through crispy-forms-gds).

The target is typed as the plan writes it ("28/2/2018", "October 2017", "TBC",
"Ongoing") and read by actions.plan.targets.parse_target; the rules are enforced again by
actions.plan.services, whose ValidationErrors the views show.
"""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from actions.forms import GovukDateField, LeadChoiceField
from actions.models import Action, RagStatus
from boards.models import Organisation, Person

from .services import PlanActionFields
from .targets import Target, parse_target


class _NamedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj) if not isinstance(obj, Organisation) else obj.name


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        indent = "– " if obj.parent_id else ""
        return f"{indent}{obj.code} {obj.title} ({obj.plan.title})"


class PlanActionForm(forms.Form):
    """An action from the plan: its details, leads, target, review date, RAG and status.

    ``leads`` are the people who may lead (the board's current members and the
    action's leads); ``organisations`` and ``priorities`` the choices for those fields.
    ``action`` (when changing one) fills in the form and keeps the target typed as text.
    """

    reference = forms.CharField(
        label="Reference (optional)", required=False, max_length=20,
        help_text='The plan\'s reference for the action, for example "1.2a".',
    )
    description = forms.CharField(
        label="Action", widget=forms.Textarea,
        error_messages={"required": "Enter a description of the action"},
    )
    focus_area = forms.CharField(label="Focus area (optional)", required=False, max_length=200)
    priorities = PriorityChoiceField(
        label="Plan priorities and objectives", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcomes = forms.CharField(label="Outcomes (optional)", required=False, widget=forms.Textarea)
    resources = forms.CharField(
        label="Resources and funding (optional)", required=False, widget=forms.Textarea
    )
    lead_people = LeadChoiceField(
        label="Lead people", queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_organisations = _NamedChoices(
        label="Lead organisations", queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_body = forms.CharField(
        label="Lead body or team", required=False, max_length=200,
        help_text='For a lead that is neither, for example "Community Safety & Development: '
                  'ASB Officer".',
    )
    target = forms.CharField(
        label="Target date", max_length=40,
        help_text='A date (28/2/2018), a month (October 2017), "TBC" or "Ongoing".',
        error_messages={"required": 'Enter a target date, a month, "TBC" or "Ongoing"'},
    )
    review_date = GovukDateField(label="Review date (optional)")
    rag_status = forms.ChoiceField(
        label="RAG status", choices=RagStatus.choices, widget=forms.RadioSelect,
        initial=RagStatus.AMBER, error_messages={"required": "Select a RAG status"},
    )
    status = forms.ChoiceField(
        label="Open or closed", choices=Action.Status.choices, widget=forms.RadioSelect,
        initial=Action.Status.OPEN,
    )

    def __init__(
        self, *args: Any, leads: Any, organisations: Any, priorities: Any,
        action: Action | None = None, **kwargs: Any,
    ) -> None:
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "reference": action.log_reference, "description": action.description,
                "focus_area": action.focus_area, "outcomes": action.outcomes,
                "resources": action.resources, "lead_body": action.lead_body,
                "priorities": list(action.priorities.all()),
                "lead_people": list(action.lead_people.all()),
                "lead_organisations": list(action.lead_organisations.all()),
                "target": Target.of(action).text(), "review_date": action.review_date,
                "rag_status": action.rag_status, "status": action.status,
            }
        super().__init__(*args, **kwargs)
        self.fields["lead_people"].queryset = leads
        self.fields["lead_organisations"].queryset = organisations
        self.fields["priorities"].queryset = priorities
        if action is not None:
            # The date input shows a stored date as its three parts.
            self.initial["review_date"] = action.review_date
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reference", field_width=Fluid.ONE_QUARTER),
            Field.textarea("description", rows=3),
            Field.text("focus_area", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("priorities", legend_size=Size.SMALL, small=True),
            Field.textarea("outcomes", rows=3),
            Field.textarea("resources", rows=2),
            Field.checkboxes("lead_people", legend_size=Size.SMALL, small=True),
            Field.checkboxes("lead_organisations", legend_size=Size.SMALL, small=True),
            Field.text("lead_body", field_width=Fluid.TWO_THIRDS),
            Field.text("target", field_width=Fluid.ONE_THIRD),
            Field("review_date"),
            Field.radios("rag_status", legend_size=Size.SMALL, inline=True),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Submit("submit", "Save action"),
        )

    def clean_target(self) -> Target:
        try:
            return parse_target(self.cleaned_data["target"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("lead_people") or data.get("lead_organisations")
                or (data.get("lead_body") or "").strip()):
            self.add_error("lead_people", "Give at least one lead: a person, an organisation "
                                          "or a body")
        return data

    def plan_fields(self) -> PlanActionFields:
        """The cleaned form as the services take it."""
        data = self.cleaned_data
        return PlanActionFields(
            reference=data["reference"], description=data["description"],
            focus_area=data["focus_area"], outcomes=data["outcomes"],
            resources=data["resources"], lead_people=tuple(data["lead_people"]),
            lead_organisations=tuple(data["lead_organisations"]), lead_body=data["lead_body"],
            target=data["target"], review_date=data["review_date"],
            rag_status=data["rag_status"], status=data["status"],
            priorities=tuple(data["priorities"]),
        )
