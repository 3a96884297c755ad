from django import forms

from billetnet.images import image_verify

from .models import User, pseudo_validator

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 25_000_000


def _pseudo_taken(pseudo: str, *, exclude_pk=None) -> bool:
    return User.objects.filter(pseudo__iexact=pseudo).exclude(pk=exclude_pk).exists()


class SignupForm(forms.Form):
    """Extra fields of allauth's signup form: the public pseudo."""

    pseudo = forms.CharField(
        label="Pseudo",
        max_length=30,
        validators=[pseudo_validator],
        help_text="Votre nom public sur Billetnet (critiques, forum, blog).",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_pseudo(self):
        pseudo = self.cleaned_data["pseudo"]
        if _pseudo_taken(pseudo):
            raise forms.ValidationError("Ce pseudo est déjà pris : choisissez-en un autre.")
        return pseudo

    def signup(self, request, user):
        user.pseudo = self.cleaned_data["pseudo"]
        user.save(update_fields=["pseudo"])


class ProfileForm(forms.ModelForm):
    # A FileField, not an ImageField: image_verify gives the precise French reasons.
    avatar_upload = forms.FileField(
        label="Nouvel avatar",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="JPEG, PNG ou WebP, 5 Mo au plus. Il sera recadré en carré.",
    )
    avatar_remove = forms.BooleanField(label="Supprimer mon avatar", required=False)

    class Meta:
        model = User
        fields = ["pseudo", "city", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}
        help_texts = {"bio": "Quelques mots sur vous, 500 caractères au plus."}

    def clean_pseudo(self):
        pseudo = self.cleaned_data["pseudo"]
        if _pseudo_taken(pseudo, exclude_pk=self.instance.pk):
            raise forms.ValidationError("Ce pseudo est déjà pris : choisissez-en un autre.")
        return pseudo

    def clean_avatar_upload(self):
        upload = self.cleaned_data.get("avatar_upload")
        if upload:
            self.avatar_image = image_verify(
                upload, max_bytes=AVATAR_MAX_BYTES, max_pixels=AVATAR_MAX_PIXELS
            )
        return upload
