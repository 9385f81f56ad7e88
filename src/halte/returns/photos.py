"""Return photos: opened with Pillow, so only real images are kept, within size and count."""

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Formats a phone or browser sends; the file's name or declared type is never believed.
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A small file that unpacks to a huge image is refused before it is decoded.
MAX_PIXELS = 50_000_000


def image_content_type(content: bytes) -> str | None:
    """The image's MIME type when Pillow can open and verify it, else None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
                return CONTENT_TYPES.get(str(image.format))
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        return None
