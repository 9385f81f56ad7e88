"""The admin site, with the same sign-in rules as the desk: an account with two-step sign-in
gets in only after its code, and the sign-in form asks for it."""

from typing import Any

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from halte.desk.actions import CodeCheck, do_verify_code
from halte.desk.error_codes import DeskErrorCode
from halte.desk.forms import WRONG_CODE, wait_for_code
from halte.desk.queries import two_step_device


class CodeAdminAuthenticationForm(AdminAuthenticationForm):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        required=False,
        help_text=_("Only if you turned on two-step sign-in."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user = self.get_user()
        device = two_step_device(user) if user is not None else None
        if device is None:
            return data
        code = str(data.get("code") or "")
        if not code:
            raise forms.ValidationError(
                _("This account uses two-step sign-in: enter the code from your app."),
                code=DeskErrorCode.CODE_REQUIRED,
            )
        answer = do_verify_code(device.pk, code)
        if answer.check is CodeCheck.WAIT:
            raise forms.ValidationError(
                wait_for_code(answer.wait_seconds), code=DeskErrorCode.CODE_WAIT
            )
        if answer.check is not CodeCheck.ACCEPTED:
            raise forms.ValidationError(WRONG_CODE, code=DeskErrorCode.CODE_WRONG)
        # django-otp marks the session verified when it sees this at login.
        user.otp_device = device  # type: ignore[attr-defined]  # django-otp's own attribute
        return data


class SignInAdminSite(AdminSite):
    login_form = CodeAdminAuthenticationForm
    login_template = "admin/halte_login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        # OTPMiddleware sets is_verified(); a session that gave no code is not enough for an
        # account that has two-step sign-in.
        if request.user.is_verified():  # type: ignore[union-attr]  # OTPMiddleware adds it
            return True
        return two_step_device(request.user) is None
