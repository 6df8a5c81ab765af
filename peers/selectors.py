"""Reads of the peer directory and referrals, scoped through the access core."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from clients import access
from clients.access import Reader
from clients.models import Client

from .models import VERIFY_EVERY, FocusArea, PeerReferral, PeerResource, ReferralQuerySet, ReferralStatusChange


def resources(*, user: Reader) -> QuerySet[PeerResource]:
    return access.clinic_directory(PeerResource.objects.all(), user)


def resource_for_user(*, user: Reader, resource_id: uuid.UUID | str) -> PeerResource:
    return get_object_or_404(resources(user=user), pk=resource_id)


def focus_areas(*, user: Reader) -> QuerySet[FocusArea]:
    return access.clinic_directory(FocusArea.objects.all(), user)


# What a card of the directory listing shows of a resource (its notes and contact are on its own page).
LISTING_FIELDS = [
    "id",
    "name",
    "organisation",
    "kind",
    "format",
    "languages",
    "step_free_access",
    "status",
    "last_verified_on",
]


def search(
    *,
    user: Reader,
    text: str = "",
    focus: FocusArea | None = None,
    language: str = "",
    format: str = "",
    step_free: bool = False,
    status: str = "",
    unverified: bool = False,
) -> QuerySet[PeerResource]:
    """The directory filtered as asked, with the columns its listing shows; callers paginate. Stays a couple
    of queries whatever its size."""
    focus_names = Prefetch("focus_areas", queryset=FocusArea.objects.only("id", "name"))
    queryset = resources(user=user).only(*LISTING_FIELDS).prefetch_related(focus_names)
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(organisation__icontains=text) | Q(description__icontains=text)
        )
    if focus:
        queryset = queryset.filter(focus_areas=focus)
    if language:
        queryset = queryset.filter(languages__contains=f",{language},")
    if format:
        queryset = queryset.filter(format=format)
    if step_free:
        queryset = queryset.filter(step_free_access=True)
    if status:
        queryset = queryset.filter(status=status)
    if unverified:
        queryset = queryset.filter(last_verified_on__lt=timezone.localdate() - VERIFY_EVERY)
    return queryset.order_by("name", "pk")


def referrals_for(*, user: Reader, client: Client) -> ReferralQuerySet:
    """The client's referrals `user` may read; by the client's id when the page proved access to it
    (`clients.selectors.client_for_user`, `own_client`)."""
    return PeerReferral.objects.for_client(client, user).select_related("resource")


def open_referral_to(*, user: Reader, client: Client, resource: PeerResource) -> PeerReferral | None:
    """The client's referral to `resource` that has not ended, if there is one (one may be open at a time)."""
    return referrals_for(client=client, user=user).filter(resource=resource).open().first()


def referral_for_user(
    *, user: Reader, client: Client, referral_id: uuid.UUID | str, fields: Iterable[str] = ()
) -> PeerReferral:
    """The referral, if this user may see it; 404 otherwise (missing and forbidden look alike).

    It comes with `client` itself as its client: the referral is filtered by that client. `fields`: only
    these columns (a page that shows some, such as DETAIL_FIELDS)."""
    referrals = referrals_for(client=client, user=user)
    referral = get_object_or_404(referrals.only(*fields) if fields else referrals, pk=referral_id)
    referral.client = client
    return referral


# What the referral's page shows (templates/peers/referral_detail.html): the referral without its bookkeeping,
# and of the resource the few lines its side panel gives, not its whole directory entry.
DETAIL_FIELDS = [
    "id",
    "client_id",
    "status",
    "why",
    "match_basis",
    "shared_details",
    "expectations_discussed",
    "expectations_notes",
    "safety_agreement",
    "follow_up_on",
    "outcome_notes",
    "consent_given_at",
    "consent_method",
    "consent_text_version",
    "consent_withdrawn_at",
    "resource__name",
    "resource__organisation",
    "resource__contact",
    "resource__screening_notes",
]


def status_history(*, referral: PeerReferral) -> QuerySet[ReferralStatusChange]:
    """The referral's status changes (the referral itself is already scoped), without who changed it (no page
    shows them)."""
    return ReferralStatusChange.objects.filter(referral=referral)


# What the overview's panel shows of a referral (the resource's name, not its whole directory entry).
PANEL_FIELDS = ["id", "client_id", "resource_id", "resource__name", "status", "follow_up_on", "consent_withdrawn_at"]


def overview_panel_context(*, user: Reader, client: Client) -> dict[str, Any]:
    return {"referrals": referrals_for(client=client, user=user).only(*PANEL_FIELDS), "client": client}
