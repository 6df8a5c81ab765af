"""The peers' part of the clinic's outcomes page (clinics/outcomes.py): how many of the clinic's clients had a
referral reach consent, and attendance, in the quarter. One query however many clients there are. Registered in
PeersConfig.ready()."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from clinics.outcomes import Cell, Period, Row, Section, Table

from .models import ReferralStatus, ReferralStatusChange


def referrals_table(*, clinic_id, period: Period) -> Table:
    """Distinct clients of the clinic with a referral whose status changed to consented, or to attending, in the
    quarter (a client with two such referrals counts once)."""
    changes = ReferralStatusChange.objects.filter(
        referral__client__clinic_id=clinic_id, changed_at__gte=period.start, changed_at__lt=period.end
    )
    figures = changes.aggregate(
        consented=Count("referral__client_id", distinct=True, filter=Q(to_status=ReferralStatus.CONSENTED)),
        attending=Count("referral__client_id", distinct=True, filter=Q(to_status=ReferralStatus.ATTENDING)),
    )
    return Table(
        key="referrals",
        title=_("Peer referrals"),
        columns=[_("What is counted"), _("Clients")],
        rows=[
            Row(_("Clients whose referral reached consent"), [Cell.count(figures["consented"])]),
            Row(_("Clients whose referral reached attending"), [Cell.count(figures["attending"])]),
        ],
        explanation=[
            _(
                "Clients with a peer referral that moved, in the quarter, to consented (the client agreed to be "
                "introduced) or to attending (the client goes to the group or service). A client with more than one "
                "such referral is counted once."
            ),
        ],
    )


SECTIONS = [Section(key="referrals", order=30, table=referrals_table)]
