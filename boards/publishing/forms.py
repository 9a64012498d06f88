"""Forms of the paper, publish and supplement pages. They only check input; services write."""
from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from boards.models import EXEMPT_PARAGRAPHS, SecurityClassification
from csp_portal.concurrency import VersionedFormMixin

from .services import PaperDetails
from .uploads import paper_upload_check

COVER_REPORT_SECTIONS = (
    "1. Purpose of Presenting the Report and Decisions Required",
    "2. Recommendation(s)",
    "3. Background",
    "4. Financial implications",
    "5. Legal implications",
    "6. List of appendices",
)
"""The seed cover report's sections, offered on a new paper (DOMAIN.md: Papers)."""


class PaperForm(VersionedFormMixin, forms.Form):
    """A paper's cover details, security and optional uploaded PDF; sections come from
    SectionFormSet. ``late=True`` adds the required "Reason for urgency". Changing a saved
    paper it carries the paper's version (``version=paper.version``); adding one,
    ``versioned=False``."""

    title = forms.CharField(
        label="Title (the report's subject)", max_length=300,
        error_messages={"required": "Enter the paper's title"},
    )
    heading = forms.CharField(
        label="Heading", required=False, max_length=200,
        help_text='Banner above the subject, for example "REPORT".',
    )
    author = forms.CharField(label="Author", required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
    paper_date = DateInputField(label="Date of the report", required=False,
                                help_text="For example, 20 3 2018")
    contact = forms.CharField(label="Contact", required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
    security = forms.ChoiceField(
        label="Security classification", choices=SecurityClassification.choices,
        widget=forms.RadioSelect, initial=SecurityClassification.UNRESTRICTED,
        error_messages={"required": "Choose the paper's security classification"},
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Exempt paragraph (required for a restricted paper)", required=False, coerce=int,
        empty_value=None,
        choices=[("", "Not exempt")] + [
            (k, f"Paragraph {k}: {v}") for k, v in EXEMPT_PARAGRAPHS.items()
        ],
        help_text="Local Government Act 1972, Schedule 12A. The public sees only the title "
        "and this paragraph.",
    )
    own_headings = forms.BooleanField(
        label="Print under its own headings, without this board's report cover", required=False,
        help_text="For an appendix that is another body's document, such as a subgroup's notes "
        "of meeting: the title and heading print as its own; no Subject, Date or Security lines.",
    )
    uploaded_pdf = forms.FileField(
        label="Upload the paper as a PDF (optional)", required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text="Instead of, or as well as, the sections below. PDF only.",
    )
    urgency_reason = forms.CharField(
        label="Reason for urgency", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The agenda is already published: this paper goes out in a supplementary "
        "agenda, which must record why it could not wait.",
    )

    def __init__(self, *args, late: bool = False, current_upload: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.late = late
        if not late:
            del self.fields["urgency_reason"]
        if current_upload:
            self.fields["uploaded_pdf"].help_text = (
                f"Currently {current_upload}. Choose a file only to replace it. PDF only."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        fields = [
            Field.text("title"), Field.text("heading"),
            Field.textarea("author"), Field("paper_date"), Field.textarea("contact"),
            Field.checkbox("own_headings", small=True),
            Fieldset(Field.radios("security", inline=True), Field.select("exempt_paragraph"),
                     legend="Security", legend_size=Size.MEDIUM),
            Field("uploaded_pdf"),
            *(["version"] if "version" in self.fields else []),
        ]
        if late:
            fields.insert(0, Field.textarea("urgency_reason"))
        self.helper.layout = Layout(*fields)

    def clean_uploaded_pdf(self):
        upload = self.cleaned_data.get("uploaded_pdf")
        if upload:
            paper_upload_check(upload)
        return upload

    def clean(self):
        data = super().clean()
        if (data.get("security") == SecurityClassification.RESTRICTED
                and not data.get("exempt_paragraph")):
            self.add_error("exempt_paragraph", "Choose the exempt paragraph of a restricted paper")
        if self.late and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", "Enter the reason for urgency")
        return data

    def details(self, sections: list[tuple[str, str]]) -> PaperDetails:
        """The cleaned values as services.PaperDetails."""
        data = self.cleaned_data
        restricted = data["security"] == SecurityClassification.RESTRICTED
        return PaperDetails(
            title=data["title"], heading=data["heading"], author=data["author"],
            paper_date=data.get("paper_date"), contact=data["contact"],
            security=data["security"],
            exempt_paragraph=data.get("exempt_paragraph") if restricted else None,
            sections=tuple(sections), own_headings=bool(data.get("own_headings")),
        )


class SectionForm(forms.Form):
    """One section of a cover report: a heading and plain-text body (blank lines separate
    paragraphs; lines starting "- " are bullets). A row left empty is dropped."""

    heading = forms.CharField(label="Section heading", required=False, max_length=300)
    body = forms.CharField(
        label="Text", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave a blank line between paragraphs. Start a line with - for a bullet.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("heading"), Field.textarea("body"))


SectionFormSet = forms.formset_factory(SectionForm, extra=2, max_num=40, validate_max=True)


def section_pairs(formset) -> list[tuple[str, str]]:
    """(heading, body) of every section with text, in order."""
    pairs = []
    for form in formset.forms:
        heading = (form.cleaned_data.get("heading") or "").strip()
        body = (form.cleaned_data.get("body") or "").strip()
        if heading or body:
            pairs.append((heading, body))
    return pairs


class ConfirmForm(forms.Form):
    """An empty form: publishing and deleting are a single button."""


class PackSettingsForm(forms.Form):
    """The pack header's partnership name and logo and the notice's sign-off of a board."""

    partnership_name = forms.CharField(
        label="Partnership name", required=False, max_length=200,
        help_text='Printed under "Public Document Pack" at the top of every pack, for example '
        '"Barking and Dagenham Community Safety Partnership".',
    )
    sign_off_name = forms.CharField(
        label="Name", required=False, max_length=200,
        help_text="Who issues the notice of meeting, for example the council's Chief Executive.",
    )
    sign_off_title = forms.CharField(
        label="Title", required=False, max_length=200, help_text='For example "Chief Executive".',
    )
    logo = forms.FileField(
        label="Logo (optional)", required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text="A PNG or JPEG image of up to 2 MB, printed at the top of the first page.",
    )
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)

    def __init__(self, *args, current_logo: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if current_logo:
            self.fields["logo"].help_text = (
                f"Currently {current_logo}. Choose a file only to replace it. PNG or JPEG, "
                "up to 2 MB."
            )
        else:
            del self.fields["remove_logo"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        fields = [
            Field.text("partnership_name"),
            Fieldset(Field.text("sign_off_name"), Field.text("sign_off_title"),
                     legend="Sign-off of the notice of meeting", legend_size=Size.MEDIUM),
            Field("logo"),
        ]
        if current_logo:
            fields.append(Field.checkbox("remove_logo"))
        self.helper.layout = Layout(*fields)
