"""The one spelling of an email address: every place that stores, looks up or counts an address uses it.

Lockout, rate limits, the unique column and every lookup agree only if they all see the same string, so
`canonical_email` is the single definition:

- Unicode NFKC, so compatibility look-alikes become their plain letter (fullwidth `ｖ`, the long `ſ`,
  the Kelvin sign `K`);
- case-folded, so `VICTIM@x`, `Victim@X` and `victim@x` are one address;
- the part before the @ must then be plain ASCII. Django's email validator lets a few non-ASCII letters
  through (under IGNORECASE Python's `[a-z]` matches the dotless `ı` and the dotted `İ`), and PostgreSQL's
  `upper()` turns `ı` into `I`, so `vıctim` used to reach `victim`'s account with its own lockout count.
  Those that NFKC and case-folding do not turn into ASCII are refused, never guessed at;
- the domain in its IDNA 2008 / UTS 46 form (ASCII, punycode), the form mail servers use.
"""

import unicodedata

import idna
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # the email columns' length

NOT_PLAIN = _(
    "This email address has a letter we cannot accept before the @. Type that part with plain letters "
    "(a to z), digits and punctuation."
)
NOT_VALID = _("Enter a valid email address, such as name@example.org.")


def canonical_email(value):
    """The stored and compared form of `value`; ValidationError if it cannot be given one safely."""
    local, at, domain = unicodedata.normalize("NFKC", str(value or "")).strip().rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(NOT_VALID, code="invalid")
    local = unicodedata.normalize("NFKC", local.casefold())  # case-folding can undo NFKC
    if not local.isascii():
        raise ValidationError(NOT_PLAIN, code="not_plain")
    try:
        # UTS 46 maps the domain's case itself (and keeps ß: straße.de is not strasse.de).
        domain = idna.encode(domain, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        raise ValidationError(NOT_VALID, code="invalid") from None
    address = f"{local}@{domain}"
    if len(address) > MAX_LENGTH:
        raise ValidationError(NOT_VALID, code="invalid")
    return address


def lockout_key(value):
    """The key failures are counted under: the canonical address, or (for an address that cannot be one,
    and so can never sign in) the case-folded text, so even those are counted per spelling class."""
    try:
        return canonical_email(value)
    except ValidationError:
        return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()[:MAX_LENGTH]


def axes_username(request, credentials):
    """AXES_USERNAME_CALLABLE: django-axes counts and locks the canonical address, not the spelling typed."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    raw = credentials.get(field) if credentials else getattr(request, "POST", {}).get(field)
    return lockout_key(raw) if raw else None


def login_account_key(group, request):
    """django-ratelimit key: failed logins counted per account across every address."""
    from django.conf import settings

    return lockout_key(request.POST.get(settings.AXES_USERNAME_FORM_FIELD, ""))


def reset_account_key(group, request):
    """django-ratelimit key: password-reset requests counted per account, however the address is spelt."""
    return lockout_key(request.POST.get("email", ""))
