"""factory_boy factories. Test data uses person-first, non-stigmatizing language."""

import factory
from django.utils import timezone

from accounts.models import Role, User
from clients.models import CareTeamMember, CheckIn, Client, EmergencyAccess, SafetyPlan, SupportPerson
from clinics.models import Clinic, CrisisLine


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Community Clinic {n}")


class CrisisLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisLine

    clinic = factory.SubFactory(ClinicFactory)
    name = "988 Suicide & Crisis Lifeline"
    phone = "988"
    text = "988"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.THERAPIST
    clinic = factory.SubFactory(ClinicFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy passes the made object)
        if create:
            obj.save()


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    clinic = factory.SubFactory(ClinicFactory)
    legal_name = factory.Faker("name")
    preferred_name = factory.Faker("first_name")
    primary_therapist = factory.SubFactory(UserFactory, clinic=factory.SelfAttribute("..clinic"))


class CareTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareTeamMember

    client = factory.SubFactory(ClientFactory)
    user = factory.SubFactory(UserFactory, clinic=factory.SelfAttribute("..client.clinic"))


class EmergencyAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmergencyAccess

    client = factory.SubFactory(ClientFactory)
    admin = factory.SubFactory(UserFactory, role=Role.CLINIC_ADMIN, clinic=factory.SelfAttribute("..client.clinic"))
    reason = "Client's primary therapist is away and the client asked for their safety plan."
    ends_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(minutes=60))


class SupportPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPerson

    client = factory.SubFactory(ClientFactory)
    name = factory.Faker("first_name")
    relationship = "friend"
    created_by = factory.SelfAttribute("client.primary_therapist")


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    client = factory.SubFactory(ClientFactory)
    warning_signs = "Sleeping less than five hours; pulling away from friends."
    coping_on_my_own = "A long walk by the river; drawing."
    reasons_for_living = "My niece; finishing my course."
    created_by = factory.SelfAttribute("client.primary_therapist")
    updated_by = factory.SelfAttribute("client.primary_therapist")
    reviewed_at = factory.LazyFunction(timezone.now)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    client = factory.SubFactory(ClientFactory)
    wellbeing = 6
    relapse_risk = "low"
    created_by = factory.SelfAttribute("client.primary_therapist")


class DisclosurePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "disclosure.DisclosurePlan"

    client = factory.SubFactory(ClientFactory)
    audience_description = "My new manager"
    setting = "work"
    created_by = factory.SelfAttribute("client.primary_therapist")


class RehearsalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "disclosure.Rehearsal"

    plan = factory.SubFactory(DisclosurePlanFactory)
    scenario = "Telling my manager during a one-to-one."
    confidence_before = 3
    confidence_after = 6
    created_by = factory.SelfAttribute("plan.created_by")


class AdvocacyOpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "advocacy.AdvocacyOpportunity"

    clinic = factory.SubFactory(ClinicFactory)
    name = "Riverside Mental Health Coalition"
    kind = "coalition"
    created_by = factory.SubFactory(UserFactory, clinic=factory.SelfAttribute("..clinic"))


class AdvocacyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "advocacy.AdvocacyPlan"

    client = factory.SubFactory(ClientFactory)
    aim = "Speak at the school board about mental-health days"
    focus = "school"
    hours_per_month = 6
    publicity = "first_name"
    review_interval_days = 30
    next_review_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=30))
    created_by = factory.SelfAttribute("client.primary_therapist")


class AdvocacyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "advocacy.AdvocacyStep"

    plan = factory.SubFactory(AdvocacyPlanFactory)
    kind = "letter"
    description = "Write to the board chair asking for five minutes at the next meeting."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=10))
    estimated_hours = 2
    created_by = factory.SelfAttribute("plan.created_by")


class StoryDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "advocacy.StoryDraft"

    plan = factory.SubFactory(AdvocacyPlanFactory)
    title = "Why mental-health days matter"
    form = "talk"
    created_by = factory.SelfAttribute("plan.created_by")


class PeerResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "peers.PeerResource"

    clinic = factory.SubFactory(ClinicFactory)
    organisation = "Riverside Peer Network"
    name = factory.Sequence(lambda n: f"Tuesday evening peer circle {n}")
    kind = "peer_group"
    format = "in_person"
    languages = ",en,"
    created_by = factory.SubFactory(UserFactory, clinic=factory.SelfAttribute("..clinic"))


class PeerReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "peers.PeerReferral"

    client = factory.SubFactory(ClientFactory)
    resource = factory.SubFactory(PeerResourceFactory, clinic=factory.SelfAttribute("..client.clinic"))
    why = "To meet people who have been through something similar."
    shared_details = ["first_name"]
    created_by = factory.SelfAttribute("client.primary_therapist")


class MicroGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.MicroGoal"

    client = factory.SubFactory(ClientFactory)
    title = "Write three lines in my journal"
    category = "journaling"
    cadence = "daily"
    created_by = factory.SelfAttribute("client.primary_therapist")


def issued_invitation(admin, *, email="new.colleague@example.org", full_name="New Colleague", role=None):
    """An invitation from `admin` to their clinic (a therapist by default), saved; returns it and its token."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Invitation, Role

    invitation = Invitation(
        clinic=admin.clinic,
        email=email,
        full_name=full_name,
        role=role or Role.THERAPIST,
        invited_by=admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    token = invitation.issue_token()
    invitation.save()
    return invitation, token


def pulse_results(client, completed_by, results=((61, "3.00"), (33, "2.50"), (0, "1.75")), band=None):
    """Self-stigma pulse results of `client`, one for each (days ago, total): enough for a trend chart."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from portfolio.models import MeasureResponse

    now = timezone.now()
    return [
        MeasureResponse.objects.create(
            client=client,
            instrument="self_stigma_pulse",
            instrument_version="1",
            answers={},
            total=Decimal(total),
            band=band or {"en": "x", "es": "x"},
            completed_by=completed_by,
            completed_at=now - timedelta(days=days_ago),
        )
        for days_ago, total in results
    ]
