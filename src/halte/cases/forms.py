"""Customer forms: one free-text box, no subject dropdown."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    text = forms.CharField(
        label=_("How can we help?"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell it in your own words; we find the parcel and order ourselves."),
    )
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    tracking_code = forms.CharField(
        label=_("Tracking or order number (optional)"), max_length=80, required=False
    )
    # Asked only when the words need them (cases.reading.contact_form_questions).
    new_address = forms.CharField(
        label=_("The new address: postcode and house number"), max_length=200, required=False
    )
    moment = forms.CharField(
        label=_("The day (and time) that suits you"), max_length=200, required=False
    )

    # Shown on the first page; the others only when asked for.
    FIRST = ("text", "email", "name", "tracking_code")


class CustomerReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Add a message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
