"""A driver's photo at the door: only a real image is kept, re-encoded, under a name of ours."""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

# A phone photo is 2–6 MB; anything larger is not a photo of a box.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# 40 megapixels: more than any phone camera; larger dimensions are a decompression bomb.
MAX_PIXELS = 40_000_000
# Kept smaller than taken: a box on a doorstep reads well at this size.
LONGEST_SIDE = 1600
FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRefused(ValueError):
    """The upload is not a photo Halte keeps; `too_large` tells which refusal it is."""

    def __init__(self, *, too_large: bool) -> None:
        super().__init__("too large" if too_large else "not an image")
        self.too_large = too_large


def read_photo(content: bytes) -> ContentFile[bytes]:
    """The photo as a JPEG without its metadata (a phone writes where it was taken).

    Pillow decides what it is, not the file name or the browser's content type; the pixels
    are checked before they are decoded, so a small file claiming huge dimensions is refused
    without being unpacked.
    """
    if len(content) > MAX_PHOTO_BYTES:
        raise PhotoRefused(too_large=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format not in FORMATS:
                    raise PhotoRefused(too_large=False)
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise PhotoRefused(too_large=True)
                probe.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PhotoRefused):
            raise
        raise PhotoRefused(too_large=False) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRefused(too_large=True) from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
