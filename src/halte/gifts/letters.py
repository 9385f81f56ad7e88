"""The relay letters: a thank-you to the sender, a reply to the recipient, "the name is shown".

They say who they come from only as the sender allowed, and carry no address of either."""

from django.utils.translation import gettext as _

from halte.gifts.models import Gift, GiftNote
from halte.organisations.voice import greeting, link_line, shop_name, sign_off


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.strip().splitlines())


def thanks_to_sender(gift: Gift, note: GiftNote, *, photo_url: str, reveal_url: str) -> str:
    organisation = gift.organisation
    lines = [
        greeting(gift.sender_name),
        "",
        _(
            "The recipient of the gift you sent through %(shop)s wrote you a thank-you. "
            "We pass it on without your address or theirs:"
        )
        % {"shop": shop_name(organisation)},
        "",
        _quoted(note.text),
        "",
    ]
    if photo_url:
        lines += [link_line(_("They added a photo"), photo_url), ""]
    if reveal_url:
        lines += [
            _(
                "You asked us to ask you first: the recipient does not know the gift is from "
                "you. Want them to see your name (%(name)s)? One click, then confirm:"
            )
            % {"name": gift.sender_name},
            reveal_url,
            "",
        ]
    lines += [
        _(
            "Reply to this e-mail to answer them; your reply goes through us and they do "
            "not see your e-mail address."
        ),
        "",
        sign_off(organisation),
    ]
    return "\n".join(lines)


def reply_to_recipient(gift: Gift, note: GiftNote) -> str:
    organisation = gift.organisation
    who = gift.sender_name if gift.name_allowed else _("The sender of your gift")
    lines = [
        greeting(""),
        "",
        _("%(who)s answered your thank-you:") % {"who": who},
        "",
        _quoted(note.text),
        "",
        _("Reply to this e-mail to answer; it goes through us, without your e-mail address."),
        "",
        sign_off(organisation),
    ]
    return "\n".join(lines)


def name_shown(gift: Gift, tracking_url: str) -> str:
    lines = [
        greeting(""),
        "",
        _("Good news: the sender of your gift chose to show their name. It was %(name)s.")
        % {"name": gift.sender_name},
        "",
        link_line(_("Your parcel's page"), tracking_url),
        "",
        sign_off(gift.organisation),
    ]
    return "\n".join(lines)
