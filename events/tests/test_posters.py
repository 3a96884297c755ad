"""Posters: checked with Pillow, EXIF stripped, renditions made once, srcset on pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.forms import EventAdminForm
from events.services import event_poster_set
from events.templatetags.events_tags import poster_img
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _image(fmt="JPEG", size=(1600, 2400), exif=None):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (120, 20, 40)).save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def _form_with_upload(event, name, content):
    data = {
        field: value
        for field, value in EventAdminForm(instance=event).initial.items()
        if value is not None and field != "tags"
    }
    data["tags"] = ""
    return EventAdminForm(
        data=data, files={"poster_upload": SimpleUploadedFile(name, content)}, instance=event
    )


def test_poster_renditions_are_webp_without_exif_and_in_srcset():
    event = EventFactory()
    exif = Image.Exif()
    exif[0x0131] = "Logiciel secret"
    form = _form_with_upload(event, "affiche.jpg", _image(exif=exif))
    assert form.is_valid(), form.errors
    event_poster_set(event=event, image=form.poster_image)
    event.refresh_from_db()
    assert (event.poster_width, event.poster_height) == (1280, 1920)
    storage = event.poster.storage
    prefix = event.poster.name.rsplit("-", 1)[0]
    for width in (320, 640, 1280):
        with Image.open(storage.path(f"{prefix}-{width}.webp")) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.width == width
            assert not rendition.getexif()
    html = poster_img(event)
    assert 'srcset="' in html and "320w" in html and "640w" in html and "1280w" in html
    assert 'width="1280" height="1920"' in html
    assert 'loading="lazy"' in html
    assert 'loading="lazy"' not in poster_img(event, lazy=False)


def test_small_poster_is_not_upscaled():
    event = EventFactory()
    form = _form_with_upload(event, "petite.png", _image("PNG", size=(500, 700)))
    assert form.is_valid(), form.errors
    event_poster_set(event=event, image=form.poster_image)
    assert event.poster_width == 500
    html = poster_img(event)
    assert "320w" in html and "500w" in html and "640w" not in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("affiche.pdf", b"%PDF-1.7", "n'est pas une image lisible"),
        ("affiche.png", _image("JPEG", size=(100, 100)), "ne correspond pas à son extension"),
        ("affiche.bmp", _image("BMP", size=(100, 100)), "les autres formats sont refusés"),
        ("immense.png", _image("PNG", size=(8000, 5001)), "trop grand"),
    ],
)
def test_bad_posters_are_refused_in_french(name, content, message):
    event = EventFactory()
    form = _form_with_upload(event, name, content)
    assert not form.is_valid()
    assert message in " ".join(form.errors["poster_upload"])


def test_poster_over_ten_megabytes_is_refused():
    event = EventFactory()
    form = _form_with_upload(event, "lourde.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1))
    assert not form.is_valid()
    assert "la limite est de 10 Mo" in " ".join(form.errors["poster_upload"])
