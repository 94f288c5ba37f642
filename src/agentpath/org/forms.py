"""Forms of the people pages: the roster upload (the list's filters are org.filters)."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agentpath.common.uploads import CheckedUploadMixin


class RosterImportForm(CheckedUploadMixin, forms.Form):
    file = forms.FileField(label=_("Roster file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))
    skip_bad_rows = forms.BooleanField(
        label=_("Skip bad rows"), required=False,
        help_text=_("Store the good rows and list the bad ones. Without it, a file with any bad row stores nothing."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    @property
    def max_megabytes(self) -> str:
        return f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):.1f}".removesuffix(".0")  # MiB, as check_upload says

    @property
    def max_rows(self) -> int:
        return settings.ROSTER_MAX_ROWS


class OrgImportForm(RosterImportForm):
    """Centers and teams (org.importers.structure): the roster form's checks with its own label and row limit."""

    file = forms.FileField(label=_("Centers and teams file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))

    @property
    def max_rows(self) -> int:
        return settings.ORG_IMPORT_MAX_ROWS
