"""Forms of the paper, publish and supplement pages. They only check input; services write."""
from __future__ import annotations

import csv
import io

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from boards.models import EXEMPT_PARAGRAPHS, Paper, PaperSection, SecurityClassification
from csp_portal.concurrency import VersionedFormMixin

from .services import CoverSheet, PaperDetails, SectionDetails
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
    report_of = forms.CharField(label="Report of", required=False, max_length=200,
                                help_text='For example "Director of Public Health".')
    originating_officers = forms.CharField(
        label="Originating officer(s)", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text="One officer a line.")
    lead_member = forms.CharField(label="Lead member", required=False, max_length=200)
    wards_affected = forms.CharField(label="Wards affected", required=False, max_length=300,
                                     help_text='For example "All wards".')
    key_decision = forms.TypedChoiceField(
        label="Key decision", required=False, widget=forms.RadioSelect,
        choices=[("", "Not stated"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None,
    )
    forward_plan_reference = forms.CharField(
        label="Forward plan reference", required=False, max_length=50,
        help_text="For a key decision.")
    plan_priorities = forms.ModelMultipleChoiceField(
        label="Plan priorities", required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="The partnership plan's priorities and objectives this report serves.",
    )
    background_papers = forms.CharField(
        label="Background papers", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line.")
    urgency_reason = forms.CharField(
        label="Reason for urgency", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The agenda is already published: this paper goes out in a supplementary "
        "agenda, which must record why it could not wait.",
    )

    change_reason = forms.CharField(
        label="Why is the published paper changing?", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The paper has been published. The version that went out is kept and shown "
        "beside the new one with this reason.",
    )
    change_kind = forms.ChoiceField(
        label="How does the change go out?", required=False, widget=forms.RadioSelect,
        choices=[("correction", "As a correction, published now"),
                 ("supplement", "In a supplementary agenda, published with it")],
    )

    def __init__(self, *args, late: bool = False, current_upload: str = "", priorities=None,
                 published: bool = False, supplement_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.late = late
        self.published = published
        if priorities is None:
            # plans.Priority through the relation: boards does not import the plans app.
            priorities = Paper.plan_priorities.field.related_model.objects.none()
        self.fields["plan_priorities"].queryset = priorities
        self.fields["plan_priorities"].label_from_instance = (
            lambda p: f"{p.code} {p.title}".strip())
        if not late:
            del self.fields["urgency_reason"]
        if not published:
            del self.fields["change_reason"], self.fields["change_kind"]
        elif not supplement_allowed:
            self.fields["change_kind"].choices = self.fields["change_kind"].choices[:1]
            self.fields["change_kind"].initial = "correction"
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
            Fieldset(
                Field.text("report_of"), Field.textarea("originating_officers"),
                Field.text("lead_member"), Field.text("wards_affected"),
                Field.radios("key_decision", inline=True, small=True),
                Field.text("forward_plan_reference", field_width=10),
                *([Field.checkboxes("plan_priorities", small=True)] if priorities.exists()
                  else []),
                Field.textarea("background_papers"),
                legend="Cover sheet (each line is printed only when filled)",
                legend_size=Size.MEDIUM,
            ),
            Field("uploaded_pdf"),
            *(["version"] if "version" in self.fields else []),
        ]
        if late:
            fields.insert(0, Field.textarea("urgency_reason"))
        if published:
            fields[:0] = [Field.textarea("change_reason"), Field.radios("change_kind")]
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

    def details(self, sections: list[SectionDetails],
                sign_offs: list[tuple] = ()) -> PaperDetails:
        """The cleaned values as services.PaperDetails, with the cover sheet."""
        data = self.cleaned_data
        cover = CoverSheet(
            report_of=data["report_of"], originating_officers=data["originating_officers"],
            lead_member=data["lead_member"], wards_affected=data["wards_affected"],
            key_decision=data.get("key_decision"),
            forward_plan_reference=data["forward_plan_reference"],
            plan_priorities=tuple(data.get("plan_priorities") or ()),
            background_papers=data["background_papers"], sign_offs=tuple(sign_offs),
        )
        restricted = data["security"] == SecurityClassification.RESTRICTED
        return PaperDetails(
            title=data["title"], heading=data["heading"], author=data["author"],
            paper_date=data.get("paper_date"), contact=data["contact"],
            security=data["security"],
            exempt_paragraph=data.get("exempt_paragraph") if restricted else None,
            sections=tuple(sections), own_headings=bool(data.get("own_headings")),
            cover=cover,
        )


def table_text(rows) -> str:
    """A table's rows as the section form shows them: CSV, one row per line (a cell with a
    comma, quote or line break in double quotes), header first."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def table_rows(text: str) -> list[list[str]]:
    """The rows of ``table_text`` output (or CSV as typed or pasted): a list of lists of
    strings, blank lines dropped, line breaks inside a cell kept as "\n". Raises
    forms.ValidationError for CSV that cannot be read (e.g. an unclosed quote)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise forms.ValidationError(f"The table could not be read: {exc}") from exc
    return [row for row in rows if row]


class SectionForm(forms.Form):
    """One section of a paper: a heading and either plain text (blank lines separate
    paragraphs; lines starting "- " are bullets) or, for a table section, its rows as CSV.
    ``kind`` travels as a hidden field so a table stays a table. A row left empty is dropped."""

    kind = forms.ChoiceField(
        choices=PaperSection.Kind.choices, initial=PaperSection.Kind.TEXT, required=False,
        widget=forms.HiddenInput,
    )
    heading = forms.CharField(label="Section heading", required=False, max_length=300)
    table = forms.CharField(
        label="Table", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One row per line, the first row being the header; cells separated by "
        "commas. Put a cell that holds a comma, a quote or a line break in double quotes.",
    )
    body = forms.CharField(
        label="Text", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave a blank line between paragraphs. Start a line with - for a bullet.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            kind = self.data.get(self.add_prefix("kind")) or PaperSection.Kind.TEXT
        else:
            kind = self.initial.get("kind") or PaperSection.Kind.TEXT
        self.is_table = kind == PaperSection.Kind.TABLE
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        fields = [Field("kind"), Field.text("heading")]
        if self.is_table:
            fields.append(Field.textarea("table"))
            self.fields["body"].label = "Text under the table"
        fields.append(Field.textarea("body"))
        self.helper.layout = Layout(*fields)

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or PaperSection.Kind.TEXT
        data["rows"] = []
        if data["kind"] == PaperSection.Kind.TABLE:
            try:
                data["rows"] = table_rows(data.get("table") or "")
            except forms.ValidationError as exc:
                self.add_error("table", exc)
        return data


SectionFormSet = forms.formset_factory(SectionForm, extra=2, max_num=40, validate_max=True)


def section_initial(section) -> dict:
    """The section form's initial values for a stored PaperSection."""
    return {"kind": section.kind, "heading": section.heading, "body": section.body,
            "table": table_text(section.rows) if section.kind == PaperSection.Kind.TABLE
            else ""}


def section_pairs(formset) -> list[SectionDetails]:
    """SectionDetails of every section with a heading, text or table rows, in order."""
    sections = []
    for form in formset.forms:
        heading = (form.cleaned_data.get("heading") or "").strip()
        if form.cleaned_data.get("kind") == PaperSection.Kind.TABLE:
            rows = form.cleaned_data.get("rows") or []
            if heading or rows:
                sections.append((heading, "", PaperSection.Kind.TABLE, rows))
            continue
        body = (form.cleaned_data.get("body") or "").strip()
        kind = form.cleaned_data.get("kind") or PaperSection.Kind.TEXT
        rows = form.cleaned_data.get("rows") or []
        if heading or body or rows:
            sections.append(SectionDetails(heading, body, kind, rows))
    return sections


class SignOffForm(forms.Form):
    """One sign-off of the cover sheet: what it is for, who, and when. A row left empty is
    dropped."""

    role = forms.CharField(label="Sign-off", required=False, max_length=100,
                           help_text='For example "Finance" or "Legal".')
    name = forms.CharField(label="Name", required=False, max_length=200)
    signed_on = DateInputField(label="Date (optional)", required=False,
                               help_text="For example, 12 3 2018")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("role", field_width=20), Field.text("name"),
                                    Field("signed_on"))

    def clean(self):
        data = super().clean()
        role, name = (data.get("role") or "").strip(), (data.get("name") or "").strip()
        if name and not role:
            self.add_error("role", "Enter what the sign-off is for, for example Finance")
        if (role or data.get("signed_on")) and not name:
            self.add_error("name", "Enter the name of who signed it off")
        return data


SignOffFormSet = forms.formset_factory(SignOffForm, extra=2, max_num=20, validate_max=True)


def sign_off_triples(formset) -> list[tuple]:
    """(role, name, date or None) of every filled sign-off, in order."""
    out = []
    for form in formset.forms:
        role = (form.cleaned_data.get("role") or "").strip()
        name = (form.cleaned_data.get("name") or "").strip()
        if role or name:
            out.append((role, name, form.cleaned_data.get("signed_on")))
    return out


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
