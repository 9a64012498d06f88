"""Forms of the return grid and the approval pages. They validate input; returns.services writes."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms

from csp_portal.concurrency import ReadDigestField, VersionField, values_digest
from indicators.models import Rag


class ReturnRowForm(forms.Form):
    """One period's figures in the return grid. Labels name the period for screen readers.

    ``version`` is the version of the period's return the editor read (0: none yet) and
    ``read`` the values_digest of the figures shown (FIGURES, in that order).
    """

    FIGURES = ("value", "fytd_reported", "london_change_pct", "london_comparator",
               "cohort_label")

    value = forms.DecimalField(required=False, max_digits=14, decimal_places=2)
    fytd_reported = forms.DecimalField(required=False, max_digits=14, decimal_places=2)
    london_change_pct = forms.DecimalField(required=False, max_digits=7, decimal_places=2)
    london_comparator = forms.CharField(required=False, max_length=200)
    cohort_label = forms.CharField(required=False, max_length=100)
    version = VersionField()
    read = ReadDigestField()

    def __init__(self, *args: Any, row_label: str = "", cohort: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.row_label = row_label
        names = {
            "value": "Figure", "fytd_reported": "FYTD as reported",
            "london_change_pct": "London change (%)", "london_comparator": "London comparator",
            "cohort_label": "Cohort",
        }
        for name, label in names.items():
            self.fields[name].label = f"{label}, {row_label}"
        for name in ("value", "fytd_reported", "london_change_pct"):
            self.fields[name].error_messages["invalid"] = (
                f"{names[name]} for {row_label} must be a number, like 120 or 12.5"
            )
        if not cohort:
            del self.fields["cohort_label"]

    @property
    def edited(self) -> bool:
        """Whether the editor changed this period's figures from what they read (valid forms)."""
        data = self.cleaned_data
        return values_digest(data.get(n) for n in self.FIGURES) != data.get("read")


class BaseReturnRowFormSet(forms.BaseFormSet):
    """The grid's rows; ``rows`` gives each form its period label."""

    def __init__(self, *args: Any, row_labels: list[str], cohort: bool, **kwargs: Any):
        self.row_labels = row_labels
        self.cohort = cohort
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"row_label": self.row_labels[index], "cohort": self.cohort}


ReturnRowFormSet = forms.formset_factory(
    ReturnRowForm, formset=BaseReturnRowFormSet, extra=0, max_num=12, validate_max=True
)


class _FieldsOnly:
    """Rendered with ``{% crispy %}`` inside the page's own ``<form>``."""

    def _fields_only_helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


class CommentaryForm(_FieldsOnly, forms.Form):
    """The year's commentary, kept on its latest reported period; ``read`` is the
    values_digest of the commentary shown."""

    performance_overview = forms.CharField(
        label="Performance overview", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    actions_to_improve = forms.CharField(
        label="Actions to sustain or improve performance", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    read = ReadDigestField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._fields_only_helper()

    @property
    def edited(self) -> bool:
        """Whether the editor changed the commentary from what they read (valid forms only)."""
        data = self.cleaned_data
        return values_digest([data["performance_overview"], data["actions_to_improve"]]) != (
            data.get("read"))

    def texts(self) -> dict[str, str]:
        """The commentary's fields (valid forms only)."""
        return {n: self.cleaned_data[n] for n in ("performance_overview", "actions_to_improve")}


class SendBackForm(_FieldsOnly, forms.Form):
    """Why a submitted return goes back to its subgroup."""

    reason = forms.CharField(
        label="Why is the return being sent back?", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the return is being sent back"},
    )


class RagOverrideForm(_FieldsOnly, forms.Form):
    """The board's override of a return's computed RAG rating; a reason is required."""

    period = forms.TypedChoiceField(label="Period", choices=())
    rag = forms.ChoiceField(
        label="RAG rating", required=False,
        choices=[("", "No override (use the computed rating)"), *Rag.choices],
    )
    reason = forms.CharField(
        label="Reason for the override", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods
        self._fields_only_helper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("rag") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for overriding the RAG rating")
        return cleaned
