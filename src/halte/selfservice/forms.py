"""Self-service forms; every field says what is wrong in the customer's language."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from halte.returns.error_codes import ReturnFormErrorCode
from halte.returns.models import WayBack
from halte.returns.photos import MAX_PHOTO_BYTES as RETURN_MAX_PHOTO_BYTES
from halte.returns.photos import MAX_PHOTOS as RETURN_MAX_PHOTOS
from halte.returns.photos import image_content_type
from halte.returns.rules import Policy
from halte.selfservice.error_codes import SelfServiceErrorCode

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# Recognised by their first bytes, not by the name or the browser's word for it.
_IMAGE_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def image_type(head: bytes) -> str | None:
    for signature, content_type in _IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class AddressForm(forms.Form):
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    house_number = forms.IntegerField(label=_("House number"), min_value=1, max_value=99999)
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    street = forms.CharField(label=_("Street"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=100)
    email = forms.EmailField(label=_("E-mail for the confirmation"), required=False, max_length=254)
    confirm_unlisted = forms.BooleanField(
        label=_("My address is new and not listed yet; this is correct."), required=False
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code from our e-mail or text message"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )


class NotReceivedForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    note = forms.CharField(
        label=_("Anything we should know? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's recipe for one field taking several files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] or single(None, initial)
        return [single(data, initial)]


class DamageForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    description = forms.CharField(
        label=_("What is damaged?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=_("Photos of the parcel and its contents (up to 5)"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remedy = forms.ChoiceField(label=_("What would you like?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, remedies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "replacement": _("A replacement"),
            "return": _("Return it for a refund"),
            "refund": _("A refund, keep the item"),
        }
        field = self.fields["remedy"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(r, labels.get(r, r)) for r in remedies]

    def clean_photos(self) -> list[tuple[str, str, bytes]]:
        # The field is required: an empty choice never gets here.
        files: list[UploadedFile[bytes]] = self.cleaned_data["photos"]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(n)s photos, please.") % {"n": MAX_PHOTOS},
                code=SelfServiceErrorCode.TOO_MANY_PHOTOS,
            )
        photos = []
        for upload in files:
            if upload.size is None or upload.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 8 MB.") % {"name": upload.name},
                    code=SelfServiceErrorCode.PHOTO_TOO_LARGE,
                )
            content = upload.read()
            content_type = image_type(content[:16])
            if content_type is None:
                raise forms.ValidationError(
                    _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": upload.name},
                    code=SelfServiceErrorCode.NOT_A_PHOTO,
                )
            photos.append(((upload.name or "photo")[:100], content_type, content))
        return photos


class ReturnForm(forms.Form):
    """A return: the shop's reasons, photos where the reason needs them, the way back."""

    reason = forms.ChoiceField(label=_("Why are you returning it?"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Tell us more (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultipleFileField(
        label=_("Photos (up to 5, at most 5 MB each)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    way_back = forms.ChoiceField(label=_("How does it go back?"), widget=forms.RadioSelect)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)

    def __init__(self, *args: Any, policy: Policy, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        reason = self.fields["reason"]
        way_back = self.fields["way_back"]
        assert isinstance(reason, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(way_back, forms.ChoiceField)  # noqa: S101 - declared above
        reason.choices = [
            (r.code, r.label(language) + (" " + str(_("(photo needed)")) if r.needs_photo else ""))
            for r in policy.reasons
        ]
        way_back.choices = [(w, WayBack(w).label) for w in policy.ways_back]
        if len(policy.ways_back) == 1:
            way_back.initial = policy.ways_back[0]

    def clean_photos(self) -> list[tuple[str, str, bytes]]:
        files: list[UploadedFile[bytes]] = [f for f in self.cleaned_data["photos"] or [] if f]
        if len(files) > RETURN_MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(n)s photos, please.") % {"n": RETURN_MAX_PHOTOS},
                code=ReturnFormErrorCode.TOO_MANY_PHOTOS,
            )
        photos = []
        for upload in files:
            if upload.size is None or upload.size > RETURN_MAX_PHOTO_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 5 MB.") % {"name": upload.name},
                    code=ReturnFormErrorCode.PHOTO_TOO_LARGE,
                )
            content = upload.read()
            content_type = image_content_type(content)
            if content_type is None:
                raise forms.ValidationError(
                    _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": upload.name},
                    code=ReturnFormErrorCode.NOT_A_PHOTO,
                )
            photos.append(((upload.name or "photo")[:100], content_type, content))
        return photos

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = self.policy.reason(data.get("reason", ""))
        if chosen is not None and chosen.needs_photo and "photos" in data and not data["photos"]:
            self.add_error(
                "photos",
                forms.ValidationError(
                    _("For this reason the shop needs at least one photo."),
                    code=ReturnFormErrorCode.PHOTO_REQUIRED,
                ),
            )
        return data
