from django import forms
from django.conf import settings

from .models import Report
from .services import MemberDecision, TextDecision, member_text_validate

MARKDOWN_HELP = (
    "Mise en forme : **gras**, *italique*, listes avec « - », citations avec « > », "
    "liens [texte](https://…). Le HTML n'est pas interprété."
)


class MemberTextField(forms.CharField):
    """The text field of every member-text form: the shared limits, the Markdown help."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Votre texte")
        kwargs.setdefault("help_text", MARKDOWN_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault("max_length", settings.MEMBER_TEXT_MAX_LENGTH)
        kwargs.setdefault("validators", [member_text_validate])
        super().__init__(**kwargs)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Pourquoi signalez-vous ce texte ?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le motif de votre signalement."},
    )
    comment = forms.CharField(
        label="Précisions pour les modérateurs (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CaseDecisionForm(forms.Form):
    """A moderator's decision on one case of the queue."""

    text_decision = forms.ChoiceField(
        label="Le texte",
        choices=TextDecision.choices,
        initial=TextDecision.KEEP,
        widget=forms.RadioSelect,
    )
    abusive_reports = forms.BooleanField(
        label="Signalements abusifs (si le texte reste en ligne)",
        required=False,
        help_text="Inscrit dans l'historique de chaque membre qui a signalé.",
    )
    member_decision = forms.ChoiceField(
        label="L'auteur",
        choices=MemberDecision.choices,
        initial=MemberDecision.NONE,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label="Durée de la suspension (jours)", required=False, min_value=1, max_value=3650
    )
    reason = forms.CharField(
        label="Motif (communiqué à l'auteur)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de votre décision."},
    )

    def __init__(self, *args, is_text: bool = True, has_author: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_text:
            del self.fields["text_decision"]
            del self.fields["abusive_reports"]
        if not has_author:
            del self.fields["member_decision"]
            del self.fields["days"]

    def clean(self):
        data = super().clean()
        if data.get("member_decision") == MemberDecision.SUSPEND and not data.get("days"):
            self.add_error("days", "Indiquez la durée de la suspension.")
        return data


class SanctionForm(forms.Form):
    """Suspend or ban any member (an abusive reporter, for example) from the admin."""

    member = forms.CharField(label="Pseudo du membre", max_length=30)
    days = forms.IntegerField(
        label="Durée (jours)",
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Laissez vide pour un bannissement définitif.",
    )
    reason = forms.CharField(
        label="Motif (communiqué au membre)", widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_member(self):
        from django.contrib.auth import get_user_model

        pseudo = self.cleaned_data["member"].strip()
        try:
            return get_user_model().objects.get(pseudo__iexact=pseudo)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError("Aucun membre ne porte ce pseudo.") from None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
