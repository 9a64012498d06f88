"""The preferences form."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms

from .models import Frequency


class PreferenceForm(forms.Form):
    """How often to be emailed: one of Frequency."""

    frequency = forms.ChoiceField(
        label="Which emails do you want?", choices=Frequency.choices, widget=forms.RadioSelect,
        help_text="Straight away: agendas and supplements when they are published, report "
                  "requests and return reminders. The weekly digest lists the actions you lead "
                  "that are overdue or due in the next 14 days.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("frequency", Submit("submit", "Save"))
