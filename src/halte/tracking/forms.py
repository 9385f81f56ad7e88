"""The look-up form: tracking code and postcode, nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=80,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
