"""Drivers, stops and taps in the admin, with the depot's CSV upload of a day's stops."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from halte.drivers.actions import check_stops, do_issue_sign_in_code, do_plan_stops
from halte.drivers.models import Driver, Stop, Tap
from halte.drivers.stop_files import LineProblem, read_stop_file
from halte.organisations.models import Organisation

# A day's file is a few hundred rows; 2 MB is far beyond any depot's day.
MAX_FILE_BYTES = 2 * 1024 * 1024


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin[Driver]):
    list_display = ["reference", "name", "organisation", "depot", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["reference", "name", "depot"]
    actions = ["issue_sign_in_code"]

    @admin.action(description=gettext_lazy("Give a sign-in code (valid 15 minutes, once)"))
    def issue_sign_in_code(self, request: HttpRequest, queryset: QuerySet[Driver]) -> None:
        for driver in queryset.filter(is_active=True):
            issued = do_issue_sign_in_code(driver)
            self.message_user(
                request,
                _("Sign-in code for %(driver)s: %(code)s (until %(until)s)")
                % {"driver": driver, "code": issued.code, "until": f"{issued.expires_at:%H:%M}"},
            )


class StopFileForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), label=gettext_lazy("Organisation")
    )
    file = forms.FileField(label=gettext_lazy("CSV file"))


@admin.register(Stop)
class StopAdmin(admin.ModelAdmin[Stop]):
    list_display = ["route_date", "driver", "route_order", "shipment", "state", "damaged"]
    list_filter = ["route_date", "state", "damaged", "organisation"]
    search_fields = ["shipment__tracking_code", "driver__reference", "driver__name"]
    raw_id_fields = ["driver", "shipment"]
    change_list_template = "admin/drivers/stop/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="drivers_stop_upload",
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = StopFileForm(request.POST or None, request.FILES or None)
        problems: list[LineProblem] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_FILE_BYTES:
                problems = [LineProblem(1, _("The file is larger than 2 MB."))]
            else:
                problems = self._plan(request, form.cleaned_data["organisation"], upload.read())
                if not problems:
                    return redirect("admin:drivers_stop_changelist")
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload stops (CSV)"),
            "form": form,
            "problems": problems,
        }
        status = 422 if problems else 200
        return TemplateResponse(request, "admin/drivers/stop/upload.html", context, status=status)

    def _plan(
        self, request: HttpRequest, organisation: Organisation, content: bytes
    ) -> list[LineProblem]:
        rows, problems = read_stop_file(content)
        if not problems and not rows:
            return [LineProblem(1, _("The file has no stops."))]
        planned, refused = check_stops(organisation, rows)
        # The header is line 1; row index 0 is on line 2 (no quoted line breaks in a route).
        problems += [LineProblem(p.index + 2, f"{p.field}: {p.message}") for p in refused]
        if problems:
            return sorted(problems, key=lambda p: p.line)
        done = do_plan_stops(organisation, planned)
        self.message_user(
            request,
            _("%(created)s stops planned, %(updated)s moved.")
            % {"created": done.created, "updated": done.updated},
            messages.SUCCESS,
        )
        return []


@admin.register(Tap)
class TapAdmin(admin.ModelAdmin[Tap]):
    list_display = ["occurred_at", "driver", "stop", "kind", "place", "reason", "received_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Tap._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
