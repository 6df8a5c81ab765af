"""Password reset answers the same whether or not an address has an account, and its email is discreet."""

import re

from django.core import mail
from django.urls import reverse

NEW_PASSWORD = "another long private passphrase"


def ask(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_the_answer_is_the_same_for_known_and_unknown_addresses(client, therapist):
    known, unknown = ask(client, therapist.email), ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_the_reset_email_names_no_one_and_works(client, therapist):
    ask(client, therapist.email.upper())
    message = mail.outbox[0]
    assert therapist.email not in message.body and therapist.full_name not in message.body
    assert therapist.clinic.name not in message.body
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)
    response = client.get(path)
    response = client.post(response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    therapist.refresh_from_db()
    assert therapist.check_password(NEW_PASSWORD)
