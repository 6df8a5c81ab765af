"""Password validators of our own, listed in AUTH_PASSWORD_VALIDATORS beside Django's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class MaximumLengthValidator:
    """Refuse passwords longer than `max_length` characters (ASVS 2.1.2: 64 allowed, over 128 denied).

    A limit keeps hashing cheap for the server whatever someone pastes into the form.
    """

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                gettext("This password is too long. Use at most %(max_length)d characters."),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return gettext("Your password can be at most %(max_length)d characters long.") % {"max_length": self.max_length}
