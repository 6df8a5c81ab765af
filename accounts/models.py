"""People, invitations, the second factor's backup codes, emergency access (clinics: the clinics app; audit events:
the audit app)."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from .emails import canonical_email


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class Role(models.TextChoices):
    THERAPIST = "therapist", _("Therapist")
    CLINIC_ADMIN = "clinic_admin", _("Clinic admin")
    CLIENT = "client", _("Client")
    OPERATOR = "operator", _("Operator")


STAFF_ROLES = (Role.THERAPIST, Role.CLINIC_ADMIN, Role.OPERATOR)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.OPERATOR)
        return self._create_user(email, password, **extra)

    @classmethod
    def normalize_email(cls, email):
        return canonical_email(email)

    def get_by_natural_key(self, username):
        """The account for any spelling of its address; an address that has no canonical form has none."""
        try:
            return self.get(email=canonical_email(username))
        except ValidationError:
            raise self.model.DoesNotExist from None


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: staff of one clinic, a client of one clinic, or an operator.

    `is_staff` keeps Django's meaning (may open the operator's admin site); clinic staff are
    therapists and clinic admins, told apart by `role`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    clinic = models.ForeignKey(
        "clinics.Clinic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("clinic"),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language, default=Language.ENGLISH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("operator site access"), default=False)
    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("Demo accounts skip the second factor only while DEBUG is on.")
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of the session hash: changing it ends every session of this user at once (deactivation,
    # a second factor reset). Empty for accounts that never had it changed, so their hash is Django's.
    session_stamp = models.CharField(max_length=32, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="operator") | models.Q(clinic__isnull=False),
                name="user_clinic_required_unless_operator",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        try:
            self.email = canonical_email(self.email)
        except ValidationError as error:
            raise ValidationError({"email": error}) from None

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "email" in update_fields:
            self.email = canonical_email(self.email)  # one spelling per account (accounts.emails)
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        """Django's session hash (of the password hash), with the session stamp mixed in when set."""
        if not self.session_stamp:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_stamp}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def end_all_sessions(self):
        """Make every existing session of this user invalid on its next request (the caller saves)."""
        self.session_stamp = secrets.token_hex(16)

    @property
    def is_therapist(self):
        return self.role == Role.THERAPIST

    @property
    def is_clinic_admin(self):
        return self.role == Role.CLINIC_ADMIN

    @property
    def is_client(self):
        return self.role == Role.CLIENT

    @property
    def needs_second_factor(self):
        """Staff and operators must use a second factor; clients use a password only."""
        return self.role in STAFF_ROLES or self.is_staff or self.is_superuser


def _hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An emailed, single-use, expiring link to create an account. Only the token's hash is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    language = models.CharField(_("language"), max_length=8, choices=Language, default=Language.ENGLISH)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The record the new account is for (a Client id, for a portal invitation); see accounts.invitations.
    subject_id = models.UUIDField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "-created_at"])]

    def __str__(self):
        return f"Invitation {self.id}"

    def issue_token(self):
        """Make a fresh token, keep only its hash, and return the raw token for the email link."""
        raw = secrets.token_urlsafe(32)
        self.token_hash = _hash_token(raw)
        return raw

    @classmethod
    def hash_token(cls, raw):
        return _hash_token(raw)

    @property
    def is_usable(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class BackupCodeDevice(ThrottlingMixin, Device):
    """Single-use backup codes as a django-otp device; each code is stored only as a salted hash."""

    class Meta(Device.Meta):
        verbose_name = _("backup code set")

    def get_throttle_factor(self):
        return 1

    def replace_codes(self, count):
        """Delete the old codes and return `count` new ones (shown once, never stored in clear)."""
        self.codes.all().delete()
        raw_codes = [secrets.token_hex(5) for _ in range(count)]
        BackupCode.objects.bulk_create(BackupCode.for_raw(self, raw) for raw in raw_codes)
        return raw_codes

    def verify_token(self, token):
        allowed, _extra = self.verify_is_allowed()
        if not allowed:
            return False
        normalized = "".join(str(token).split()).replace("-", "").lower()
        for code in self.codes.filter(used_at__isnull=True):
            if secrets.compare_digest(code.code_hash, BackupCode.hash(code.salt, normalized)):
                code.used_at = timezone.now()
                code.save(update_fields=["used_at"])
                self.throttle_reset()
                return True
        self.throttle_increment()
        return False


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Backup code {self.pk}"

    @staticmethod
    def hash(salt, raw):
        return hashlib.sha256(f"{salt}:{raw}".encode()).hexdigest()

    @classmethod
    def for_raw(cls, device, raw):
        salt = secrets.token_hex(16)
        return cls(device=device, salt=salt, code_hash=cls.hash(salt, raw))


class OutgoingEmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingEmail(models.Model):
    """One email the product owes someone (a security notice, a password reset, an emergency-access notice): written
    in the same transaction as what caused it, sent by a task that claims the row, and swept again while unsent, so an
    email queued while the broker is down is sent once it is back (accounts/outbox.py). Ids only: the text is made
    when it is sent, in the recipient's language."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    about = models.CharField(max_length=100, blank=True)  # what it is about, by code or id ("password_changed")
    status = models.CharField(max_length=20, choices=OutgoingEmailStatus, default=OutgoingEmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)  # the database's clock (outbox.send)
    created_at = models.DateTimeField(db_default=Now())  # the database's clock too: the sweep compares them
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="outgoing_email_unsent")]

    def __str__(self):
        return f"Email {self.id}"

    @property
    def message_id(self):
        """The same Message-ID for every attempt, so a resend after a crash is recognisably the same email."""
        return f"<email-{self.id}@empowerment-planner>"
