"""The desk's form for a person's rights: who (e-mail or phone), at which organisation."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.privacy.queries import normalise_phone


class PersonForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), empty_label=None
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.RegexField(
        label=_("Phone number"),
        required=False,
        max_length=32,
        regex=r"^[+0-9 ()\-.]*$",
        error_messages={"invalid": _("A phone number holds digits, spaces, + and - only.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that erasure cannot be undone."), required=False
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the organisations the user may do this for can be chosen at all.
        choice = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        choice.queryset = organisations

    def clean_phone(self) -> str:
        return normalise_phone(str(self.cleaned_data.get("phone") or ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(
                _("Give the person's e-mail address or phone number."), code="person_not_given"
            )
        return cleaned
