from django.db import transaction
from PIL import Image

from billetnet.images import image_square_webp

from .models import User

AVATAR_SIZE = 256


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    pseudo: str,
    city: str,
    bio: str,
    avatar_image: Image.Image | None = None,
    avatar_remove: bool = False,
) -> User:
    """Save a member's public profile; a new avatar is re-encoded (no EXIF survives)."""
    user.pseudo = pseudo
    user.city = city
    user.bio = bio
    old_avatar = user.avatar.name if user.avatar else ""
    if avatar_image is not None:
        user.avatar = image_square_webp(avatar_image, size=AVATAR_SIZE, name=f"{user.pk}.webp")
    elif avatar_remove:
        user.avatar = ""
    user.full_clean(exclude=["password"])
    user.save()
    if old_avatar and old_avatar != user.avatar.name:
        storage = User._meta.get_field("avatar").storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return user
