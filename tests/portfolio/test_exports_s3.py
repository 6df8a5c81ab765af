"""PDF exports on an S3-compatible store (several app servers share one bucket), over real HTTP on loopback.

The store is moto's server mode (moto[server] from PyPI, requirements-dev.txt), started by the fixture in this
process on a free port of 127.0.0.1; the bucket is made by the fixture. The exports storage is configured the way
production configures it: settings.py is loaded in a child process with the EXPORTS_S3_* variables set, and the
STORAGES["exports"] it makes is what these tests use, so the settings themselves are under test (private ACL,
encryption at rest, the bucket, the endpoint).
"""

import hashlib
import json
import logging
import os
import subprocess
import sys
import uuid
from datetime import timedelta

import boto3
import pytest
from botocore.exceptions import ClientError
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from audit.models import AuditEvent
from portfolio import exporting
from portfolio.models import EmpowermentPlan, ExportStatus, Milestone

KEYS = {"EXPORTS_S3_ACCESS_KEY_ID": "test-access-key", "EXPORTS_S3_SECRET_ACCESS_KEY": "test-secret-key"}
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3-compatible server on 127.0.0.1 (port 0: the system picks a free one), for this module."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def exports_storage_from_settings(environment):
    """STORAGES["exports"] as empowerment/settings.py makes it from these environment variables."""
    program = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['exports']))"
    env = {key: value for key, value in os.environ.items() if not key.startswith("EXPORTS_S3_")}
    env.update(DJANGO_SETTINGS_MODULE="empowerment.settings", DJANGO_DEBUG="1", **environment)
    output = subprocess.run(
        [sys.executable, "-c", program],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def exports_config(s3_endpoint):
    bucket = f"exports-{uuid.uuid4().hex[:12]}"
    config = exports_storage_from_settings(
        {"EXPORTS_S3_BUCKET": bucket, "EXPORTS_S3_ENDPOINT_URL": s3_endpoint, "EXPORTS_S3_REGION": "us-east-1", **KEYS}
    )
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["EXPORTS_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["EXPORTS_S3_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=bucket)
    return config, s3, bucket


class Bucket:
    """The test's own view of the bucket: boto3's client, the bucket's name, and an export's key in it."""

    def __init__(self, client, name):
        self.client, self.name = client, name

    def key(self, export):
        return f"exports/{export.file_name}"

    def head(self, key):
        return self.client.head_object(Bucket=self.name, Key=key)

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key, body):
        self.client.put_object(Bucket=self.name, Key=key, Body=body)

    def is_gone(self, key):
        try:
            self.head(key)
        except ClientError as error:
            return error.response["Error"]["Code"] == "404"
        return False


@pytest.fixture
def s3(settings, tmp_path, exports_config, caplog):
    """The exports storage is the bucket; the local private folder is watched to stay empty."""
    config, client, name = exports_config
    caplog.set_level(logging.WARNING, logger="werkzeug")  # moto's server logs every request
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.STORAGES = {**settings.STORAGES, "exports": config}
    yield Bucket(client, name)
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])


@pytest.fixture
def storage_reads(monkeypatch):
    """Every file the S3 storage opens, by name."""
    opened = []
    original = S3Storage._open

    def spy(self, name, mode="rb"):
        opened.append(name)
        return original(self, name, mode)

    monkeypatch.setattr(S3Storage, "_open", spy)
    return opened


def build_now(export):
    exporting.export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def client_pdf(therapist, client_record, client_user):
    EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)
    Milestone.objects.create(
        client=client_record, title="Joined a peer group", created_by=therapist, shared_with_client=True
    )
    export = exporting.export_request(
        client=client_record, by_user=client_user, section_keys=["milestones"], language="en"
    )
    return build_now(export)


def test_the_settings_make_a_private_encrypted_bucket_storage_with_no_public_address(exports_config):
    config, _client, bucket = exports_config
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == bucket
    assert options["default_acl"] == "private"
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert options["querystring_auth"] is True  # an address the backend makes is signed, never a public one
    assert options["custom_domain"] is None
    assert exports_storage_from_settings({})["BACKEND"] == "portfolio.storage.ExportFileStorage"  # the default


def test_a_pdf_is_built_into_the_bucket_encrypted_and_private_and_nothing_stays_on_this_host(
    s3, settings, therapist, client_record, client_user
):
    export = client_pdf(therapist, client_record, client_user)
    assert export.status == ExportStatus.READY, export.error
    head = s3.head(s3.key(export))
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ContentType"] == "application/pdf"
    assert head["ContentLength"] == export.size
    body = s3.read(s3.key(export))
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == export.checksum
    grants = s3.client.get_object_acl(Bucket=s3.name, Key=s3.key(export))["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's, and no one else's
    assert not [grant for grant in grants if grant["Grantee"].get("URI") in PUBLIC_GROUPS]
    private = settings.PRIVATE_FILES_ROOT
    assert not private.exists() or not any(private.rglob("*")), "nothing is written to this host's disk"


def test_the_download_checks_access_first_then_streams_the_object_through_the_app(
    s3, storage_reads, client, login, therapist, client_record, client_user, other_client_user, other_client_record
):
    export = client_pdf(therapist, client_record, client_user)
    url = reverse("portal:export_download", args=[export.pk])
    storage_reads.clear()

    login(other_client_user)
    assert client.get(url).status_code == 404
    assert storage_reads == [], "a forbidden download never reads the storage"
    client.logout()

    login(client_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Location" not in response  # streamed, never redirected to the store
    assert response["Content-Length"] == str(export.size)
    assert b"".join(response.streaming_content) == s3.read(s3.key(export))
    assert storage_reads == [export.file_name]
    assert AuditEvent.objects.filter(action="portfolio_export.download", client=client_record).count() == 1


def test_an_object_changed_in_the_bucket_is_not_served(s3, client, login, therapist, client_record, client_user):
    export = client_pdf(therapist, client_record, client_user)
    s3.put(s3.key(export), b"%PDF-1.7\n% not what was made\n%%EOF\n")
    login(client_user)
    assert client.get(reverse("portal:export_download", args=[export.pk])).status_code == 404


def test_the_tidy_up_deletes_expired_and_leftover_objects_from_the_bucket(
    s3, client, login, therapist, client_record, client_user
):
    export = client_pdf(therapist, client_record, client_user)
    nobodys = f"exports/{uuid.uuid4()}.pdf"  # saved by a build that died before marking its row ready
    half_written = "exports/tmpk2x9q1.part"
    s3.put(nobodys, b"%PDF-1.7\n%%EOF\n")
    s3.put(half_written, b"%PDF-1.7\n")
    s3.put("exports/notes.txt", b"not an export's file")

    exporting.exports_tidy()  # the export is live and the leftovers are new: nothing goes
    assert not any(s3.is_gone(key) for key in (s3.key(export), nobodys, half_written))

    exporting.exports_tidy(now=timezone.now() + timedelta(days=8))
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert s3.is_gone(s3.key(export))
    assert s3.is_gone(nobodys)
    assert s3.is_gone(half_written)
    assert not s3.is_gone("exports/notes.txt")  # not an export's: kept
    login(client_user)
    assert client.get(reverse("portal:export_download", args=[export.pk])).status_code == 404


def test_unsharing_an_item_deletes_the_withdrawn_pdf_from_the_bucket(s3, therapist, client_record, client_user):
    export = client_pdf(therapist, client_record, client_user)
    milestone = Milestone.objects.get(client=client_record)
    exporting.exports_withdraw_holding(item=milestone, by_user=therapist)
    export.refresh_from_db()
    assert export.shared_items == [f"milestone:{milestone.pk}"]
    assert export.withdrawn
    assert s3.is_gone(s3.key(export))
