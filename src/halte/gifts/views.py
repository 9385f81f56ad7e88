"""The recipient's thank-you page and the sender's "show my name" page: parse, act, answer.

Every answer about a gift is the same whether its sender is named, anonymous or asks to be
asked: the page never hints at who sent it beyond what the sender allowed."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from halte.gifts.actions import do_reveal_name, do_thank_sender
from halte.gifts.error_codes import GiftFormErrorCode
from halte.gifts.forms import ThanksForm
from halte.gifts.links import note_for_photo_token, reveal_for_token
from halte.gifts.models import Gift, GiftNote
from halte.gifts.queries import (
    for_recipient,
    gift_and_shipment,
    gift_of_shipment,
    note_by_id,
    thanks_sent,
)
from halte.limits import limit_submissions
from halte.organisations.context import speak_for
from halte.shipments.links import shipment_for_token, tracking_url

# A recipient thanks once or twice; more than this from one parcel would be a nuisance to the
# sender, so the form says so instead of relaying it.
MAX_THANKS_PER_PARCEL = 3


def _not_found(request: HttpRequest) -> HttpResponse:
    # One page for a broken link and a parcel without a gift: it reveals nothing.
    return render(request, "gifts/link_invalid.html", status=404)


@require_http_methods(["GET", "POST"])
@limit_submissions("gift_thanks")
def thank(request: HttpRequest, token: str) -> HttpResponse:
    shipment = shipment_for_token(token)
    gift = gift_of_shipment(shipment) if shipment is not None else None
    if shipment is None or gift is None:
        return _not_found(request)
    speak_for(request, gift.organisation)
    posted = request.method == "POST"
    form = ThanksForm(request.POST if posted else None, request.FILES if posted else None)
    context = {
        "gift": for_recipient(gift, shipment),
        "form": form,
        "back_url": tracking_url(shipment),
    }
    if posted and form.is_valid():
        if thanks_sent(gift, shipment) >= MAX_THANKS_PER_PARCEL:
            form.add_error(
                None,
                ValidationError(
                    _(
                        "You sent %(n)s thank-yous for this gift already; we do not pass on "
                        "more. If the sender answers, reply to their e-mail."
                    )
                    % {"n": MAX_THANKS_PER_PARCEL},
                    code=GiftFormErrorCode.TOO_MANY_THANKS,
                ),
            )
            return render(request, "gifts/thank.html", context, status=409)
        do_thank_sender(
            gift,
            shipment,
            text=form.cleaned_data["text"],
            photo=form.cleaned_data["photo"],
            via=GiftNote.Via.PAGE,
        )
        return render(request, "gifts/thanked.html", context)
    return render(request, "gifts/thank.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@limit_submissions("gift_reveal")
def reveal(request: HttpRequest, token: str) -> HttpResponse:
    """From the relay mail: GET asks to confirm (a mail scanner's GET changes nothing), POST
    shows the name to the recipient and tells them."""
    named = reveal_for_token(token)
    found = gift_and_shipment(*named) if named else None
    if found is None:
        return _not_found(request)
    gift, shipment = found
    if gift.sender_choice != Gift.SenderChoice.ASK:
        # Only a sender who asked to be asked gets this link; the shop changed the choice since.
        return _not_found(request)
    speak_for(request, gift.organisation)
    context = {"name": gift.sender_name, "revealed": gift.revealed_at is not None}
    if request.method == "POST":
        done = do_reveal_name(gift, shipment)
        context["revealed"] = True
        context["just_now"] = done
        return render(request, "gifts/revealed.html", context)
    return render(request, "gifts/reveal.html", context)


@require_GET
def photo(request: HttpRequest, token: str) -> HttpResponse:
    note_id = note_for_photo_token(token)
    note = note_by_id(note_id) if note_id is not None else None
    if note is None or note.photo is None:
        return _not_found(request)
    response = HttpResponse(bytes(note.photo), content_type=note.photo_type)
    response["Content-Disposition"] = 'inline; filename="photo"'
    response["Cache-Control"] = "private, no-store"
    return response
