"""The form of the returns import page: a file and whether to submit the returns."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from .files import MAX_FILE_BYTES


class ReturnImportForm(forms.Form):
    """Upload a CSV or XLSX returns file (format: indicators.imports.checks).

    ``file`` is refused when empty or larger than MAX_FILE_BYTES; what is in it
    is checked by the view through indicators.imports.checks.
    """

    file = forms.FileField(
        label="Returns file (CSV or XLSX)",
        help_text=f"One row per indicator per month. At most {MAX_FILE_BYTES // 1024 // 1024} MB.",
        error_messages={
            "required": "Choose a CSV or XLSX file of returns",
            "empty": "The chosen file is empty",
        },
    )
    submit_for_approval = forms.BooleanField(
        required=False,
        label="Submit for approval after import",
        help_text="The chair or clerk then approves the returns for the performance report.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The page's own error summary lists these errors with the file's bad rows.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("file"),
            Field("submit_for_approval"),
            Submit("import", "Import returns"),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is too large: the file must be smaller than "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB"
            )
        return upload
