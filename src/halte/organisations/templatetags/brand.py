"""`{% brand_head %}`: the shop's colours, favicon and logo permission for a public page."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from halte.organisations.brand import brand_hex
from halte.organisations.csp import allow_image_origin
from halte.organisations.voice import Brand

register = template.Library()


@register.simple_tag(takes_context=True)
def brand_head(context: template.Context, brand: Any) -> SafeString:
    """The colours as CSS custom properties in a nonce'd style (the CSP allows no other inline
    style), the logo as favicon, and the logo's https origin added to the page's img-src."""
    if not isinstance(brand, Brand):
        return mark_safe("")
    request = context.get("request")
    parts = []
    colour = brand_hex(brand.colour)
    text = brand_hex(brand.text_colour)
    # Without the CSP middleware's nonce there is no allowed way to set them: Halte's colours.
    nonce = getattr(request, "csp_nonce", None)
    if colour and text and nonce is not None:
        parts.append(
            format_html(
                '<style nonce="{}">:root{{--brand:{};--brand-text:{}}}</style>',
                nonce,
                colour,
                text,
            )
        )
    if brand.logo:
        parts.append(format_html('<link rel="icon" href="{}">', brand.logo))
        if brand.logo_origin and request is not None:
            allow_image_origin(request, brand.logo_origin)
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html
