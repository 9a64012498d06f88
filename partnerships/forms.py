"""The form of the partnership import page: a workbook and whether to only try it."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from .workbook import MAX_FILE_BYTES


class PartnershipImportForm(forms.Form):
    """Upload the partnership workbook (XLSX); what is in it is checked by the view through
    partnerships.services.partnership_import."""

    file = forms.FileField(
        label="Partnership workbook (XLSX)",
        help_text=f"At most {MAX_FILE_BYTES // 1024 // 1024} MB.",
        error_messages={"required": "Choose the partnership workbook",
                        "empty": "The chosen file is empty"},
    )
    dry_run = forms.BooleanField(
        required=False, label="Check the workbook only: save nothing",
        help_text="See what the import would create and change first.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(Field("file"), Field("dry_run"),
                                    Submit("import", "Import workbook"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is too large: the file must be smaller than "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB")
        return upload
