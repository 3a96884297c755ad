from django import forms

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    """The contact form. `site_web` is a honeypot: hidden from people, filled by bots."""

    site_web = forms.CharField(
        label="Laissez ce champ vide",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ContactMessage
        fields = ["service", "name", "email", "subject", "body"]
        labels = {"body": "Votre message"}
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}
        error_messages = {
            "service": {"required": "Choisissez le service à qui écrire."},
            "name": {"required": "Indiquez votre nom."},
            "email": {
                "required": "Indiquez votre adresse e-mail pour que nous puissions vous répondre.",
                "invalid": "Cette adresse e-mail n'est pas valide.",
            },
            "subject": {"required": "Indiquez l'objet de votre message."},
            "body": {"required": "Écrivez votre message."},
        }

    body_max_length = 5000

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("site_web"):
            raise forms.ValidationError(
                "Votre message n'a pas pu être envoyé. Si un outil remplit les formulaires "
                "à votre place, laissez vide le champ « Laissez ce champ vide »."
            )
        return cleaned_data

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 10:
            raise forms.ValidationError("Votre message est trop court (10 caractères au moins).")
        if len(body) > self.body_max_length:
            raise forms.ValidationError(
                f"Votre message est trop long : {len(body)} caractères, "
                f"{self.body_max_length} au plus."
            )
        return body
