"""The effort question by e-mail, in the customer's language, with one link per score."""

from django.utils import translation
from django.utils.translation import gettext as _

from halte.effort.links import question_url, score_urls
from halte.effort.models import EffortQuestion
from halte.effort.rules import smiley_of


def scale_labels() -> dict[int, str]:
    """The words of the scale's ends and middle; call inside the customer's language."""
    return {1: _("very hard"), 4: _("neither hard nor easy"), 7: _("very easy")}


def question_letter(question: EffortQuestion) -> tuple[str, str]:
    """Subject and text: the question, seven links (1 very hard … 7 very easy), and the page."""
    with translation.override(question.language):
        about = _about(question)
        labels = scale_labels()
        lines = [
            f"{score} {smiley_of(score)}"
            + (f" ({labels[score]})" if score in labels else "")
            + f": {url}"
            for score, url in score_urls(question).items()
        ]
        subject = _("One question: how easy was it to get this sorted?")
        body = (
            _("Hello,")
            + "\n\n"
            + _("%(about)s On a scale from 1 (very hard) to 7 (very easy):") % {"about": about}
            + "\n\n"
            + _("How easy was it to get this sorted?")
            + "\n\n"
            + "\n".join(lines)
            + "\n\n"
            + _(
                "Tap the number that fits; the page that opens asks you to confirm it and "
                "lets you add a comment if you like. Or open the question here: %(url)s"
            )
            % {"url": question_url(question)}
            + "\n\n"
            + _("Thank you,\nCustomer service")
        )
    return subject, body


def _about(question: EffortQuestion) -> str:
    """What the question is about, in one sentence; inside the customer's language."""
    parcel_return = question.parcel_return
    if parcel_return is not None and question.occasion == question.Occasion.REFUSED_AT_DOOR:
        return _("You refused parcel %(code)s at the door and the driver took it back.") % {
            "code": parcel_return.original.tracking_code
        }
    if parcel_return is not None:
        return _("Your return of parcel %(code)s is settled.") % {
            "code": parcel_return.original.tracking_code
        }
    if question.case is not None:
        return _("Your case %(number)s is resolved.") % {"number": question.case.number}
    if question.shipment is not None:
        return _("Your parcel %(code)s has been delivered, after a hitch on the way.") % {
            "code": question.shipment.tracking_code
        }
    return ""
