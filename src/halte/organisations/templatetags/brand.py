"""`{% brand_head %}`: the shop's colours, favicon and logo permission for a public page."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from halte.organisations.brand import brand_hex
from halte.organisations.csp import allow_image_origin, allow_inline_style
from halte.organisations.voice import Brand

register = template.Library()


@register.simple_tag(takes_context=True)
def brand_head(context: template.Context, brand: Any) -> SafeString:
    """The colours as CSS custom properties in an inline style whose hash the page's CSP
    allows (no other inline style is), the logo as favicon, and the logo's https origin added
    to the page's img-src."""
    if not isinstance(brand, Brand):
        return mark_safe("")
    request = context.get("request")
    parts = []
    colour = brand_hex(brand.colour)
    text = brand_hex(brand.text_colour)
    # Without a request to allow it on there is no allowed way to set them: Halte's colours.
    if colour and text and request is not None:
        # brand_hex: `#rrggbb` only, so the style is exactly what is hashed.
        css = f":root{{--brand:{colour};--brand-text:{text}}}"
        allow_inline_style(request, css)
        parts.append(format_html("<style>{}</style>", mark_safe(css)))  # noqa: S308
    if brand.logo:
        parts.append(format_html('<link rel="icon" href="{}">', brand.logo))
        if brand.logo_origin and request is not None:
            allow_image_origin(request, brand.logo_origin)
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html
