"""Verify uploaded images with Pillow and make clean renditions of them.

Every image a person uploads (avatars, and later posters and logos) goes through
`image_verify`: the content must really be a JPEG, PNG or WebP image, match its
file extension, stay under a size and a pixel count, and not be a
decompression bomb. Renditions are re-encoded from pixels, so EXIF and any
other metadata never reach the public.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

ALLOWED_FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
}


def image_verify(upload, *, max_bytes: int, max_pixels: int) -> Image.Image:
    """Return the upload as a loaded Pillow image, or raise a French ValidationError."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"Ce fichier pèse {size / 1_048_576:.1f} Mo : la limite est de "
            f"{max_bytes / 1_048_576:.0f} Mo."
        )
    extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that:
            # both are refusals here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the three decoders we accept ever see the bytes (no EPS, no others).
            image = Image.open(upload, formats=list(ALLOWED_FORMATS))
            image_format = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"Cette image mesure {width} × {height} pixels : c'est trop grand "
                    f"({max_pixels // 1_000_000} millions de pixels au plus)."
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("Cette image est trop grande pour être traitée.") from exc
    except Exception as exc:
        raise ValidationError(
            "Ce fichier n'est pas une image lisible au format JPEG, PNG ou WebP "
            "(les autres formats sont refusés)."
        ) from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError("Format refusé : envoyez une image JPEG, PNG ou WebP.")
    if extension not in ALLOWED_FORMATS[image_format]:
        raise ValidationError(
            f"Le contenu de ce fichier ({image_format}) ne correspond pas à son extension "
            f"« {extension or 'aucune'} »."
        )
    upload.seek(0)
    return image


def image_square_webp(image: Image.Image, *, size: int, name: str) -> ContentFile:
    """Crop to a centred square, resize, and encode as WebP without metadata."""
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
    image = ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=85, method=4)
    return ContentFile(buffer.getvalue(), name=name)


def image_renditions_webp(
    image: Image.Image, *, widths: tuple[int, ...], base_name: str
) -> list[tuple[int, int, ContentFile]]:
    """WebP renditions at each width no larger than the original (never upscaled).

    Returns (width, height, file) from the smallest to the largest; the largest is
    the original's width when it is narrower than the widest rendition asked for.
    """
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
    targets = sorted({w for w in widths if w < image.width} | {min(max(widths), image.width)})
    renditions = []
    for width in targets:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, format="WEBP", quality=82, method=4)
        renditions.append(
            (width, height, ContentFile(buffer.getvalue(), name=f"{base_name}-{width}.webp"))
        )
    return renditions
