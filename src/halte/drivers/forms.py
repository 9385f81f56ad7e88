"""The driver page's forms: the depot's code, and one tap at a door."""

import re
from datetime import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from halte.drivers.actions import TapData
from halte.drivers.error_codes import TapRefusal
from halte.drivers.models import Tap
from halte.drivers.photos import MAX_PHOTO_BYTES, PhotoRefused, read_photo
from halte.vocabulary.status import DeliveryPlace, FailureReason

# The page makes ids with crypto.randomUUID(); a page without JavaScript gets one from us.
_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
PLACES = [
    (DeliveryPlace.RECIPIENT.value, _("To the recipient")),
    (DeliveryPlace.NEIGHBOUR.value, _("At a neighbour")),
    (DeliveryPlace.MAILBOX.value, _("In the mailbox")),
    (DeliveryPlace.SAFE_PLACE.value, _("At a safe place")),
    (DeliveryPlace.PICKUP_POINT.value, _("At a pickup point")),
]
# Where the place needs words: the neighbour's house number, the safe place, the point's name.
DETAIL_NEEDED = {
    DeliveryPlace.NEIGHBOUR.value: _("Give the neighbour's house number."),
    DeliveryPlace.SAFE_PLACE.value: _("Say where you left it, e.g. behind the house."),
    DeliveryPlace.PICKUP_POINT.value: _("Give the pickup point's name."),
}


class SignInForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your depot"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class TapForm(forms.Form):
    client_id = forms.CharField(max_length=64)
    kind = forms.ChoiceField(choices=Tap.Kind.choices)
    # ISO 8601 with offset, from the phone's clock when the driver tapped; absent: now.
    tapped_at = forms.CharField(max_length=40, required=False)
    place = forms.ChoiceField(choices=PLACES, required=False)
    place_detail = forms.CharField(max_length=200, required=False)
    reason = forms.ChoiceField(choices=FailureReason.choices, required=False)
    note = forms.CharField(max_length=500, required=False)
    photo = forms.FileField(required=False)

    def clean_client_id(self) -> str:
        value = str(self.cleaned_data["client_id"]).strip()
        if not _CLIENT_ID.match(value):
            raise forms.ValidationError(_("This tap has no valid id."), code=TapRefusal.INVALID_TAP)
        return value

    def clean_tapped_at(self) -> datetime:
        text = str(self.cleaned_data.get("tapped_at") or "").strip()
        if not text:
            return timezone.now()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise forms.ValidationError(
                _("The time of this tap cannot be read."), code=TapRefusal.INVALID_TAP
            )
        return moment

    def clean_photo(self) -> Any:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size is None or upload.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than 8 MB."), code=TapRefusal.PHOTO_TOO_LARGE
            )
        try:
            return read_photo(upload.read())
        except PhotoRefused as refused:
            if refused.too_large:
                raise forms.ValidationError(
                    _("The photo is too large."), code=TapRefusal.PHOTO_TOO_LARGE
                ) from None
            raise forms.ValidationError(
                _("This file is not a photo (JPEG, PNG or WebP)."),
                code=TapRefusal.PHOTO_NOT_AN_IMAGE,
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        place = data.get("place") or ""
        if kind == Tap.Kind.DELIVERED:
            if not place:
                self.add_error(
                    "place",
                    forms.ValidationError(
                        _("Choose where you delivered the parcel."), code=TapRefusal.INVALID_TAP
                    ),
                )
            elif place in DETAIL_NEEDED and not str(data.get("place_detail") or "").strip():
                self.add_error(
                    "place_detail",
                    forms.ValidationError(DETAIL_NEEDED[place], code=TapRefusal.INVALID_TAP),
                )
        if kind == Tap.Kind.FAILED and not data.get("reason"):
            self.add_error(
                "reason",
                forms.ValidationError(
                    _("Choose why the parcel was not delivered."), code=TapRefusal.INVALID_TAP
                ),
            )
        return data

    def tap(self) -> TapData:
        data = self.cleaned_data
        kind = Tap.Kind(data["kind"])
        place = data.get("place") if kind == Tap.Kind.DELIVERED else ""
        reason = data.get("reason") if kind == Tap.Kind.FAILED else ""
        return TapData(
            client_id=data["client_id"],
            kind=kind,
            occurred_at=data["tapped_at"],
            place=DeliveryPlace(place) if place else None,
            place_detail=str(data.get("place_detail") or "").strip() if place else "",
            reason=FailureReason(reason) if reason else None,
            note=str(data.get("note") or "").strip(),
            photo=data.get("photo"),
        )

    def first_error(self) -> tuple[str, str]:
        """The code and sentence of the first problem, for the page's answer."""
        for errors in self.errors.as_data().values():
            for error in errors:
                return str(error.code or TapRefusal.INVALID_TAP), " ".join(error.messages)
        return TapRefusal.INVALID_TAP.value, str(_("This tap could not be read."))
