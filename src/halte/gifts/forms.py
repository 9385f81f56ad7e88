"""The recipient's thank-you: a few words and, if they like, one photo (a real image)."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from halte.gifts.actions import Photo
from halte.gifts.error_codes import GiftFormErrorCode
from halte.returns.photos import MAX_PHOTO_BYTES, image_content_type


class ThanksForm(forms.Form):
    text = forms.CharField(
        label=_("Your thank-you"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).replace("\x00", "").strip()
        if not text:
            raise forms.ValidationError(_("Write a few words, please."), code="required")
        return text

    def clean_photo(self) -> Photo | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size is None or upload.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than 5 MB."), code=GiftFormErrorCode.PHOTO_TOO_LARGE
            )
        content = upload.read()
        content_type = image_content_type(content)
        if content_type is None:
            raise forms.ValidationError(
                _("This file is not a photo we can read (JPEG, PNG or WebP)."),
                code=GiftFormErrorCode.NOT_A_PHOTO,
            )
        return Photo(content=content, content_type=content_type)
