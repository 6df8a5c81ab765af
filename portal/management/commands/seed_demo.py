"""Load the demo: two clinics, each with an admin, two therapists and several clients.

It lives in the portal app because the portal sits at the top of the app layers and may use every
app below it; as feature apps arrive, their demo data is added here. Safe to run twice: every row is
found by a natural key before it is made.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Clinic, CrisisLine, Role, User
from clients.models import CareTeamMember, Client, ClientStatus

DEMO_PASSWORD = "planner-demo-2026"

CLINICS = [
    {
        "name": "Riverbend Community Clinic",
        "timezone": "America/New_York",
        "default_language": "en",
        "crisis_lines": [("988 Suicide & Crisis Lifeline", "988", "988", "24/7")],
        "admin": ("admin@riverbend.example", "Priya Raman"),
        "therapists": [("maya@riverbend.example", "Maya Okafor"), ("sam@riverbend.example", "Sam Delgado")],
        "clients": [
            # (legal name, preferred name, pronouns, language, therapist index, portal email, status)
            ("Jordan Avery Lee", "Jordan", "they/them", "en", 0, "jordan@riverbend.example", "active"),
            ("Alexandra Kim", "Alex", "she/her", "en", 0, None, "active"),
            ("Taylor Brooks", "", "he/him", "en", 1, "taylor@riverbend.example", "active"),
            ("Christopher Morgan", "Chris", "he/him", "en", 1, None, "discharged"),
        ],
        "care_team": [(0, 1)],  # Sam is on Jordan's care team
    },
    {
        "name": "Lakeside Wellness Collective",
        "timezone": "America/Los_Angeles",
        "default_language": "es",
        "crisis_lines": [
            ("988 Suicide & Crisis Lifeline", "988", "988", "24/7"),
            ("Línea 988 de Prevención del Suicidio y Crisis (opción 2, en español)", "988", "", "24/7"),
        ],
        "admin": ("admin@lakeside.example", "Grace Chen"),
        "therapists": [("lee@lakeside.example", "Lee Nguyen"), ("ana@lakeside.example", "Ana Torres")],
        "clients": [
            ("Rosa Elena Martínez", "Rosa", "ella", "es", 1, "rosa@lakeside.example", "active"),
            ("Daniel Park", "Dan", "he/him", "en", 0, None, "active"),
            ("Imani Johnson", "", "she/they", "en", 0, "imani@lakeside.example", "active"),
        ],
        "care_team": [],
    },
]


class Command(BaseCommand):
    help = "Load the demo clinics, staff and clients (safe to run twice)."

    @transaction.atomic
    def handle(self, *args, **options):
        for spec in CLINICS:
            self._seed_clinic(spec)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Every demo login uses the password: " + DEMO_PASSWORD))
        for user in User.objects.filter(is_demo=True).select_related("clinic").order_by("clinic__name", "role"):
            self.stdout.write(f"  {user.get_role_display():<13} {user.email:<28} {user.clinic}")

    def _seed_clinic(self, spec):
        clinic, _ = Clinic.objects.get_or_create(
            name=spec["name"], defaults={"timezone": spec["timezone"], "default_language": spec["default_language"]}
        )
        for position, (name, phone, text, hours) in enumerate(spec["crisis_lines"]):
            CrisisLine.objects.get_or_create(
                clinic=clinic, name=name, defaults={"phone": phone, "text": text, "hours": hours, "position": position}
            )
        self._user(clinic, *spec["admin"], Role.CLINIC_ADMIN)
        therapists = [self._user(clinic, email, name, Role.THERAPIST) for email, name in spec["therapists"]]
        clients = [self._client(clinic, therapists, *row) for row in spec["clients"]]
        for client_index, therapist_index in spec["care_team"]:
            CareTeamMember.objects.get_or_create(
                client=clients[client_index],
                user=therapists[therapist_index],
                defaults={"added_by": clients[client_index].primary_therapist},
            )

    def _user(self, clinic, email, full_name, role, language=None):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                role=role,
                clinic=clinic,
                preferred_language=language or clinic.default_language,
                is_demo=True,
            )
        return user

    def _client(self, clinic, therapists, legal, preferred, pronouns, language, therapist_index, portal_email, status):
        client, created = Client.objects.get_or_create(
            clinic=clinic,
            legal_name=legal,
            defaults={
                "preferred_name": preferred,
                "pronouns": pronouns,
                "preferred_language": language,
                "primary_therapist": therapists[therapist_index],
                "status": ClientStatus(status),
            },
        )
        if portal_email and client.portal_user_id is None:
            client.portal_user = self._user(clinic, portal_email, client.display_name, Role.CLIENT, language)
            client.save(update_fields=["portal_user", "updated_at"])
        return client
