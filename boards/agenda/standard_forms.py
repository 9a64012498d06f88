"""Forms of pulling forward plan items into an agenda and of a board's standard agenda."""
from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from ..models import ForwardPlanItem
from .forms import _plan_item_hint


class ForwardPlanPullForm(forms.Form):
    """Which planned items to add to the meeting's agenda; ``cleaned_data["items"]`` are
    the chosen ForwardPlanItems in forward plan order."""

    items = forms.MultipleChoiceField(
        label="Planned items to add to the agenda", widget=forms.CheckboxSelectMultiple,
        help_text="Each item you select is added to the end of the agenda (before the standard "
        "closing items) and moves to this meeting in the forward plan.",
        error_messages={"required": "Select at least one planned item"},
    )

    def __init__(self, *args, plan_items: list[ForwardPlanItem], **kwargs):
        super().__init__(*args, **kwargs)
        self._plan_items = {str(fp.pk): fp for fp in plan_items}
        self.fields["items"].choices = [
            Choice(str(fp.pk), fp.title, hint=_plan_item_hint(fp)) for fp in plan_items
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("items", legend_size=Size.MEDIUM, small=True),
            Submit("submit", "Add to the agenda"),
        )

    def clean_items(self) -> list[ForwardPlanItem]:
        return [self._plan_items[pk] for pk in self._plan_items if pk in self.cleaned_data["items"]]


class StandardAgendaForm(forms.Form):
    """A board's standard agenda as two lists of titles, one per line."""

    opening = forms.CharField(
        label="Items every meeting opens with", required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One title a line. An item whose title mentions the minutes carries the "
        "previous minutes and the action log in the pack.",
    )
    closing = forms.CharField(
        label="Items every meeting closes with", required=False,
        widget=forms.Textarea(attrs={"rows": 3}), help_text="One title a line.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("opening"), Field.textarea("closing"),
            Submit("submit", "Save the standard agenda"),
        )

    def titles(self, name: str) -> list[str]:
        """The non-blank lines of field ``name``."""
        return [line.strip() for line in self.cleaned_data[name].splitlines() if line.strip()]
