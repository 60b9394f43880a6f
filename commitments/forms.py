from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import progress_csv


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Progress CSV"),
        help_text=format_lazy(
            _("UTF-8 CSV with the columns of the progress export, at most {rows} rows."),
            rows=progress_csv.MAX_ROWS,
        ),
    )
