"""The indicator definition form. It validates input; indicators.definitions.services writes."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from boards.models import Board
from indicators.models import Indicator

from .services import INDICATOR_FIELDS, indicator_definition_errors

IN_DEVELOPMENT = "in_development"
"""The target type offered for an indicator defined but without data yet (DOMAIN.md)."""


class IndicatorForm(forms.ModelForm):
    """Every block of an indicator's one-page summary, its unit, target and lead.

    ``target_type`` offers "In development" besides Indicator.TargetType; it is
    stored as ``in_development=True`` with a monitoring target. ``cleaned_values()``
    gives what indicators.definitions.services.indicator_save takes. Always bound without an
    instance (initial from the indicator), so the service sees the stored values.
    """

    target_type = forms.ChoiceField(
        label="Target type",
        choices=[*Indicator.TargetType.choices, (IN_DEVELOPMENT, "In development (no data yet)")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Indicator
        fields = [
            "reference", "name", "short_name", "owning_subgroup", "position", "source",
            "definition", "how_it_works", "what_good_looks_like", "why_important",
            "issues_to_consider", "unit", "unit_label", "population_label", "frequency",
            "target_type", "target_text", "target_value", "target_lower", "target_upper",
            "green_threshold_pct", "red_threshold_pct", "lead", "lead_title",
        ]
        labels = {
            "short_name": "Title of the one-page summary (optional)",
            "owning_subgroup": "Owning subgroup",
            "position": "Position in the report",
            "how_it_works": "How this indicator works",
            "what_good_looks_like": "What good looks like",
            "why_important": "Why this indicator is important",
            "issues_to_consider": "Any issues to consider",
            "unit_label": "What is counted (optional)",
            "population_label": "Population of the rate",
            "target_text": "Target as printed in the report (optional)",
            "target_value": "Ceiling for the year",
            "target_lower": "Lower end of the range",
            "target_upper": "Upper end of the range",
            "green_threshold_pct": "Green threshold (per cent better than last year)",
            "red_threshold_pct": "Red threshold (per cent worse than last year)",
            "lead": "Lead director or officer",
            "lead_title": "Lead's job title",
        }
        widgets = {
            "unit": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "source": forms.TextInput,
        }

    def __init__(self, *args: Any, subgroups: list[Board], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owning_subgroup"].queryset = Board.objects.filter(
            pk__in=[b.pk for b in subgroups]
        ).order_by("name")
        self.fields["owning_subgroup"].empty_label = None
        for name in ("green_threshold_pct", "red_threshold_pct"):
            self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                Field.text("reference", field_width=5), Field.text("name"),
                Field.text("short_name"), Field.select("owning_subgroup"),
                Field.text("position", field_width=3),
                legend="Indicator", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("source"), Field.textarea("definition", rows=3),
                Field.textarea("how_it_works", rows=3),
                Field.textarea("what_good_looks_like", rows=3),
                Field.textarea("why_important", rows=3),
                Field.textarea("issues_to_consider", rows=3),
                legend="One-page summary", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("unit", legend_size=Size.SMALL, small=True),
                Field.text("unit_label", field_width=20),
                Field.text("population_label", field_width=20),
                Field.radios("frequency", legend_size=Size.SMALL, small=True),
                legend="Unit and frequency", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("target_type", legend_size=Size.SMALL, small=True),
                Field.text("target_text"),
                Field.text("target_value", field_width=10),
                Field.text("target_lower", field_width=10),
                Field.text("target_upper", field_width=10),
                Field.text("green_threshold_pct", field_width=5),
                Field.text("red_threshold_pct", field_width=5),
                legend="Target and RAG rating", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("lead"), Field.text("lead_title"),
                legend="Lead", legend_size=Size.MEDIUM,
            ),
            Submit("save", "Save indicator"),
        )

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict[str, Any]:
        """The form's initial data from a stored indicator."""
        initial = forms.model_to_dict(indicator, fields=cls._meta.fields)
        if indicator.in_development:
            initial["target_type"] = IN_DEVELOPMENT
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors:
            for name, message in indicator_definition_errors(self.cleaned_values()).items():
                self.add_error(name, message)
        return cleaned

    def _post_clean(self) -> None:
        # The model is written by indicators.definitions.services.indicator_save, not by this form;
        # "in_development" is not a model choice, so model validation is left to the service.
        pass

    def cleaned_values(self) -> dict[str, Any]:
        """cleaned_data as indicator_save's ``values`` (target type split from in_development)."""
        values = {k: v for k, v in self.cleaned_data.items() if k in INDICATOR_FIELDS}
        in_development = values.get("target_type") == IN_DEVELOPMENT
        values["in_development"] = in_development
        if in_development:
            values["target_type"] = Indicator.TargetType.MONITORING
        for name in ("green_threshold_pct", "red_threshold_pct"):
            if values.get(name) is None:
                # Blank where the target type does not use it: keep the stored (default) value.
                # Where it is needed, indicator_definition_errors has refused the blank already.
                values.pop(name, None)
        return values
