from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

pseudo_validator = RegexValidator(
    r"^[\w.-]{3,30}\Z",
    "Votre pseudo doit compter de 3 à 30 caractères : lettres, chiffres, points, "
    "tirets ou tirets bas, sans espace.",
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A Billetnet member. The email is the login; the pseudo is the public name."""

    email = models.EmailField("adresse e-mail", unique=True)
    pseudo = models.CharField(
        "pseudo",
        max_length=30,
        unique=True,
        validators=[pseudo_validator],
        help_text="Nom public du membre, affiché sur ses critiques, messages et blog.",
    )
    avatar = models.ImageField(
        "avatar",
        upload_to="avatars/",
        blank=True,
        help_text="Image carrée de 256 pixels, vérifiée et recadrée à l'envoi.",
    )
    city = models.CharField("ville", max_length=100, blank=True)
    bio = models.TextField("présentation", max_length=500, blank=True)
    is_active = models.BooleanField(
        "actif",
        default=True,
        help_text="Décochez plutôt que de supprimer un compte : ses textes restent attribués.",
    )
    is_staff = models.BooleanField(
        "équipe", default=False, help_text="Peut se connecter à l'administration."
    )
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["pseudo"]

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message="Un compte existe déjà avec cette adresse e-mail.",
            ),
            models.UniqueConstraint(
                Lower("pseudo"),
                name="accounts_user_pseudo_ci_unique",
                violation_error_message="Ce pseudo est déjà pris : choisissez-en un autre.",
            ),
        ]

    def __str__(self):
        return self.pseudo

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"pseudo": self.pseudo})

    def get_full_name(self):
        return self.pseudo

    def get_short_name(self):
        return self.pseudo

    @property
    def has_verified_email(self) -> bool:
        """Members read freely but post only once their address is confirmed."""
        return self.emailaddress_set.filter(email__iexact=self.email, verified=True).exists()
