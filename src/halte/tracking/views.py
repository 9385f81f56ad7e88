"""The tracking page: look up with code and postcode, then read the parcel's story."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from halte.cases.queries import cases_of_shipment
from halte.limits import client_of
from halte.organisations.context import speak_for
from halte.replica import reading_from_replica
from halte.returns.queries import open_return_of, return_by_shipment, return_panel
from halte.shipments.models import Shipment
from halte.shipments.queries import find_shipments_for_recipient
from halte.shipments.signals import tracking_panels_wanted
from halte.tracking.forms import LookupForm
from halte.tracking.links import shipment_for_token, tracking_url
from halte.tracking.lookups import lookup_allowance, note_failed_lookup
from halte.tracking.proof import is_proven
from halte.tracking.queries import tracking_page


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = client_of(request)
        code = form.cleaned_data["tracking_code"]
        allowance = lookup_allowance(client, code)
        if not allowance.allowed:
            minutes = max(1, allowance.retry_after_seconds // 60)
            response = render(
                request,
                "tracking/lookup.html",
                {
                    "form": form,
                    "error": _(
                        "Too many attempts with a code or postcode that did not match. "
                        "Please try again in %(minutes)s minutes."
                    )
                    % {"minutes": minutes},
                },
                status=429,
            )
            response["Retry-After"] = str(allowance.retry_after_seconds)
            return response
        shipments = find_shipments_for_recipient(code, form.cleaned_data["postcode"])
        if len(shipments) == 1:
            return redirect(tracking_url(shipments[0]))
        if shipments:
            # The same code at several carriers, each proven by code and postcode.
            choices = [(s, tracking_url(s)) for s in shipments]
            return render(request, "tracking/which_parcel.html", {"choices": choices})
        note_failed_lookup(client, code)
        # One message for a wrong code and a wrong postcode: it must reveal nothing.
        return render(
            request,
            "tracking/lookup.html",
            {
                "form": form,
                "error": _(
                    "We could not find a parcel with this tracking code and postcode. "
                    "Check both; the postcode is the one the parcel is addressed to."
                ),
            },
            status=404,
        )
    return render(request, "tracking/lookup.html", {"form": form})


@require_http_methods(["GET"])
@reading_from_replica()
def shipment(request: HttpRequest, token: str) -> HttpResponse:
    found = shipment_for_token(token)
    if found is None:
        return render(
            request,
            "tracking/lookup.html",
            {
                "form": LookupForm(),
                "error": _(
                    "This tracking link is no longer valid. Look your parcel up again with "
                    "its tracking code and postcode."
                ),
            },
            status=404,
        )
    speak_for(request, found.organisation)
    # The recipient's own questions and the voucher code, only for a browser that proved to
    # be them.
    proven = is_proven(request, found)
    page = tracking_page(found, proven=proven)
    carried = return_by_shipment(found)
    under_way = open_return_of(found) if carried is None else None
    # Apps beside the page (a gift's message and thank-you button) add their own panels.
    panels = [
        answer
        for _receiver, answer in tracking_panels_wanted.send(Shipment, shipment=found, token=token)
        if answer
    ]
    return render(
        request,
        "tracking/shipment.html",
        {
            "story": page.story,
            "timeline": page.timeline,
            "voucher": page.voucher,
            "repromise": page.repromise,
            # On a return's own page: what it returns, its label and its refund.
            "return_panel": return_panel(carried) if carried else None,
            # On the parcel's page: its return under way, if any.
            "return_url": tracking_url(under_way.shipment) if under_way else "",
            "token": token,
            "proven": proven,
            "cases": cases_of_shipment(found) if proven else [],
            "panels": panels,
        },
    )
