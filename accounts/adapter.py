from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Billetnet's hooks into allauth."""

    def get_login_redirect_url(self, request):
        return reverse("accounts:espace")

    def get_email_verification_redirect_url(self, email_address):
        return reverse("account_login")
