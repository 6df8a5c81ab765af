"""Everything held about one client, for a right-of-access request: JSON of every row and the portfolio PDF.

    python manage.py export_client <client id> --out DIR
    python manage.py export_client <client id> --out DIR --complete   # the clinic's own copy, for its records

Writes DIR/client-<id>.json and DIR/client-<id>.pdf (mode 0600) and records the export in the audit log
(no actor: the operator's command, with the reason). Prints only counts and paths, never record content:
the files are for the client (with --complete, for the clinic's records: the care team's working notes, such as
session agendas, are in it too), the terminal may be shared or logged. See portal/right_of_access.py.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError

from clients.models import Client
from portal import right_of_access


class Command(BaseCommand):
    help = "Write everything held about one client (JSON and the portfolio PDF) for a right-of-access request."

    def add_arguments(self, parser):
        parser.add_argument("client_id", help="the client's id (a UUID, as in the address of their record)")
        parser.add_argument("--out", required=True, help="folder to write the two files into (made if missing)")
        parser.add_argument(
            "--complete",
            action="store_true",
            help="the clinic's complete copy, for its records: also the care team's working notes (session agendas)"
            " that the copy for the client leaves out",
        )

    def handle(self, *args, client_id, out, complete=False, **options):
        client = self._client(client_id)
        viewer = right_of_access.pdf_viewer(client)
        if viewer is None:
            raise CommandError(
                f"Client {client.pk} has no active therapist to build the PDF through; "
                "have a clinic admin assign an active primary therapist first."
            )
        json_path, pdf_path, counts = right_of_access.client_export(
            client=client, out_dir=out, viewer=viewer, complete=complete
        )
        kinds = sum(1 for count in counts.values() if count)
        self.stdout.write(f"Exported {sum(counts.values())} rows of {kinds} kinds for client {client.pk}.")
        self.stdout.write(f"JSON: {json_path}")
        self.stdout.write(f"PDF:  {pdf_path}")

    @staticmethod
    def _client(client_id):
        try:
            key = uuid.UUID(client_id)
        except ValueError:
            raise CommandError(f"{client_id!r} is not a client id (a UUID).") from None
        client = Client.objects.select_related("clinic", "primary_therapist", "portal_user").filter(pk=key).first()
        if client is None:
            raise CommandError(f"No client has the id {key}.")
        return client
