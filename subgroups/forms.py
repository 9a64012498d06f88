"""Forms of the subgroup update report pages: they check what was typed; services decide."""
import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from boards.models import AgendaItem, Board, Meeting, SecurityClassification
from boards.models.meetings import EXEMPT_PARAGRAPHS
from csp_portal import clock
from csp_portal.concurrency import VersionedFormMixin

from .services import SubgroupReportContent


class ErrorLinksMixin:
    """``error_links``: (anchor, message) pairs for templates/govuk/_error_summary_for.html.

    Each anchor is the id of the field's first input, as crispy-forms-gds
    renders it (``id_<name>_1`` for checkboxes and radios, ``id_<name>_0`` for
    a date), so every link in the error summary moves focus to its field; a
    form-wide error links to the first field.
    """

    def error_links(self) -> list[tuple[str, str]]:
        links = []
        first = next(iter(self.fields))
        for name, messages in self.errors.items():
            target = first if name == forms.forms.NON_FIELD_ERRORS else name
            field = self.fields[target]
            if isinstance(field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                anchor = f"id_{target}_1"
            elif isinstance(field, forms.MultiValueField):
                anchor = f"id_{target}_0"
            else:
                anchor = f"id_{target}"
            links.extend((anchor, message) for message in messages)
        return links


class ReportRequestForm(ErrorLinksMixin, forms.Form):
    """Ask chosen subgroups for reports by a deadline, under an agenda item (optional).

    ``subgroups`` and ``agenda_items`` are the lists the page already read, so
    the form makes no queries of its own; ``labels`` names a subgroup (by pk)
    otherwise than by its name. ``cleaned_data`` holds Board and
    AgendaItem objects.
    """

    subgroups = forms.MultipleChoiceField(
        label="Subgroups to ask for a report",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Choose at least one subgroup to ask for a report"},
    )
    deadline = DateInputField(
        label="Deadline",
        help_text="The last day to submit, before the meeting. For example, 27 3 2026",
        require_all_fields=False,
    )
    agenda_item = forms.ChoiceField(
        label="Agenda item the reports go under (optional)",
        required=False,
        help_text="You can choose it later by asking again.",
    )

    def __init__(
        self,
        *args,
        meeting: Meeting,
        subgroups: list[Board],
        agenda_items: list[AgendaItem],
        today: dt.date | None = None,
        labels: dict[int, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.today = today or clock.today()
        self._subgroups = {str(s.pk): s for s in subgroups}
        self._items = {str(i.pk): i for i in agenda_items}
        labels = labels or {}
        self.fields["subgroups"].choices = [
            (str(s.pk), labels.get(s.pk) or s.name) for s in subgroups
        ]
        self.fields["agenda_item"].choices = [("", "Not chosen")] + [
            (str(i.pk), f"{i.full_label} {i.title}") for i in agenda_items
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkboxes("subgroups", legend_size=Size.MEDIUM, small=True),
            Field("deadline", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
            Field.select("agenda_item"),
            Button("request_reports", "Ask for reports"),
        )
        self.fields["deadline"].error_messages.update(
            required="Enter the deadline", incomplete="Enter the deadline as a day, month and year"
        )

    def clean_subgroups(self) -> list[Board]:
        return [self._subgroups[pk] for pk in self.cleaned_data["subgroups"]]

    def clean_deadline(self) -> dt.date:
        deadline = self.cleaned_data["deadline"]
        meeting_day = timezone.localdate(self.meeting.start)
        if deadline >= meeting_day:
            raise forms.ValidationError(
                f"The deadline must be before the meeting on {meeting_day:%-d %B %Y}"
            )
        if deadline < self.today:
            raise forms.ValidationError("The deadline must be today or in the future")
        return deadline

    def clean_agenda_item(self) -> AgendaItem | None:
        value = self.cleaned_data["agenda_item"]
        return self._items[value] if value else None


SECURITY_CHOICES = [
    (SecurityClassification.UNRESTRICTED.value, "Unrestricted: may be published"),
    (SecurityClassification.RESTRICTED.value, "Restricted: for board members only"),
]


class SubgroupReportForm(ErrorLinksMixin, VersionedFormMixin, forms.Form):
    """The subgroup update report template (DOMAIN.md: A meeting's life, step 4).

    ``submitting`` is True when the officer pressed "Submit to the clerk": then
    the brief update is required. A restricted report needs an exempt
    paragraph. ``content()`` gives the cleaned values as SubgroupReportContent.
    Shown with ``version=report.version``, it carries the version it was read at.
    """

    title = forms.CharField(
        label="Title", max_length=300, required=False,
        help_text="Leave blank to use the subgroup's name, for example “VAWG Subgroup Update”.",
    )
    author = forms.CharField(
        label="Author", required=False, max_length=300,
        help_text="Name and post title, as the report's header prints them.",
    )
    contact = forms.CharField(
        label="Contact", max_length=300, required=False,
        help_text="An email address or telephone number for questions about the report.",
    )
    security = forms.ChoiceField(
        label="Security classification", choices=SECURITY_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the report is unrestricted or restricted"},
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Exempt paragraph (restricted reports only)",
        coerce=int, empty_value=None, required=False,
        choices=[("", "Not exempt")]
        + [(k, f"Paragraph {k}: {text}") for k, text in EXEMPT_PARAGRAPHS.items()],
        help_text="The paragraph of the Local Government Act 1972, Schedule 12A, that makes "
        "the report exempt from publication.",
    )
    brief_update = forms.CharField(label="Brief update", widget=forms.Textarea, required=False)
    key_challenges = forms.CharField(
        label="Key challenges", widget=forms.Textarea, required=False
    )
    support_required = forms.CharField(
        label="Support required from the board", widget=forms.Textarea, required=False
    )
    appendices = forms.CharField(
        label="Appendices", widget=forms.Textarea, required=False,
        help_text="List each appendix on its own line, or leave blank for none.",
    )

    def __init__(self, *args, submitting: bool = False, show_draft: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.helper = FormHelper()
        self.helper.form_tag = False
        buttons = [Button("submit_report", "Submit to the clerk")]
        if show_draft:
            buttons.append(Button.secondary("save_draft", "Save as draft"))
        self.helper.layout = Layout(
            Fieldset(
                Field.text("title"),
                Field.text("author"),
                Field.text("contact", field_width=Fluid.TWO_THIRDS),
                legend="About the report", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("security"),
                Field.select("exempt_paragraph"),
                legend="Security", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("brief_update", label_size=Size.SMALL, rows=8),
                Field.textarea("key_challenges", label_size=Size.SMALL, rows=6),
                Field.textarea("support_required", label_size=Size.SMALL, rows=5),
                Field.textarea("appendices", label_size=Size.SMALL, rows=3),
                legend="The report", legend_size=Size.MEDIUM,
            ),
            "version",
            Div(*buttons, css_class="govuk-button-group"),
        )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("security") == SecurityClassification.RESTRICTED
                and cleaned.get("exempt_paragraph") is None
                and "exempt_paragraph" not in self.errors):
            self.add_error(
                "exempt_paragraph",
                "Choose the exempt paragraph that makes a restricted report exempt from "
                "publication",
            )
        if self.submitting and not (cleaned.get("brief_update") or "").strip():
            self.add_error(
                "brief_update", "Enter a brief update before submitting the report to the clerk"
            )
        return cleaned

    def content(self) -> SubgroupReportContent:
        """The cleaned values; call only after is_valid() is True."""
        data = self.cleaned_data
        return SubgroupReportContent(**{
            name: data[name] for name in SubgroupReportContent.__dataclass_fields__
        })
