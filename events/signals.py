"""Cache invalidation only: any change to the catalogue retires the cached pages."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import TaggedItem

from .models import Advertiser, Artist, Category, Credit, Event, Showtime, Venue
from .services import catalogue_changed

CATALOGUE_MODELS = (Event, Showtime, Venue, Category, Advertiser, Artist, Credit)


def _catalogue_changed(sender, **kwargs):
    # Now, for this process's next page, and again once the change is committed: a
    # page rendered in between, from the old rows, is then not kept.
    catalogue_changed()
    transaction.on_commit(catalogue_changed)


def connect() -> None:
    for model in CATALOGUE_MODELS:
        post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"catalogue-save-{model}")
        post_delete.connect(
            _catalogue_changed, sender=model, dispatch_uid=f"catalogue-delete-{model}"
        )
    m2m_changed.connect(_catalogue_changed, sender=TaggedItem, dispatch_uid="catalogue-tags")
    post_save.connect(_catalogue_changed, sender=TaggedItem, dispatch_uid="catalogue-tag-save")
