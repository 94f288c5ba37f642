"""What every import page shares around its upload form: the file's type and size checked as the form is
validated, and the import run with its two refusals shown on the form."""
from django import forms

from .import_guard import ImportBusy
from .spreadsheets import UploadRejected, check_upload


class CheckedUploadMixin:
    """A form's `file` refused by type or size (common.spreadsheets.check_upload) before it is read."""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def run_upload(form, run_import):
    """Run `run_import()` for a valid upload form: (its result, 200); a file that cannot be read is an error of the
    form's file field (None, 200); another import of the kind running is an error of the form (None, 409)."""
    try:
        return run_import(), 200
    except UploadRejected as exc:
        form.add_error("file", str(exc))
    except ImportBusy as busy:
        form.add_error(None, str(busy))
        return None, 409
    return None, 200
