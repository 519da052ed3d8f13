from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core.forms import Form


class CodeForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}),
    )


class FirstCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = _("The six digits the app shows after you added the account.")
        field.widget.attrs["inputmode"] = "numeric"
