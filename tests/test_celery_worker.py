"""A real Celery worker, in its own process, takes the task from Redis and sends mail over SMTP.

Nothing is faked here: the web side commits and queues through Redis, a `celery worker` process
reads the test database, and an SMTP server on loopback (aiosmtpd) receives the message.
"""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role, User

from .workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_invitation_and_the_link_works(client, admin, smtp_inbox, worker):
    inbox, _ = smtp_inbox
    process, log = worker

    invitation = services.invitation_create(
        by_user=admin, email="hana@example.org", full_name="Hana Colleague", role=Role.THERAPIST
    )

    wait_for(lambda: inbox.messages, process, log)
    message = inbox.messages[0]
    assert message["To"] == "hana@example.org"
    assert message.is_multipart()
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    link = text.decode().split("http://testserver", 1)[1].split()[0]

    wait_for(lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None, process, log, seconds=10)
    client.get(link)
    password = "a long and private passphrase"
    client.post(reverse("accounts:invitation_set_password"), {"password1": password, "password2": password})
    assert User.objects.get(email="hana@example.org").check_password(password)

    log.seek(0)
    worker_output = log.read()
    assert f"Invitation {invitation.pk} sent" in worker_output
    assert "hana@example.org" not in worker_output
    assert "Hana" not in worker_output
