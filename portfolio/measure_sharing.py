"""Sharing a measure's chart with the client (issue 25, step 4): the therapist turns it on or off per instrument, and
the client then sees their results of that instrument, charted, in the portal ("My progress").

Both writes are idempotent: sharing what is shared, or unsharing what is not, changes nothing and audits nothing.
"""

from django.db import IntegrityError, transaction

from accounts.models import User
from audit import recording
from clients import access
from clients.models import Client
from reminders import notices

from .instruments import definition_for
from .models import SharedMeasure


@transaction.atomic
def share_measure(*, client: Client, instrument: str, by_user: User) -> SharedMeasure:
    """Share the chart of `instrument` with the client, and tell them something new waits in their portal."""
    access.ensure_can(by_user, "write", client)
    key = definition_for(instrument)["key"]  # raises InstrumentError for an instrument that does not exist
    try:
        with transaction.atomic():
            share, created = SharedMeasure.objects.get_or_create(
                client=client, instrument=key, defaults={"shared_by": by_user}
            )
    except IntegrityError:  # a colleague shared it at the same moment: it is shared either way
        return SharedMeasure.objects.get(client=client, instrument=key)
    if created:
        recording.record(by_user, "measure.share", client=client, obj=share, detail={"instrument": key})
        notices.item_shared(item=share, by_user=by_user)
    return share


@transaction.atomic
def unshare_measure(*, client: Client, instrument: str, by_user: User) -> bool:
    """Stop sharing the chart of `instrument`: it is gone from the client's portal at once. Whether it was shared."""
    access.ensure_can(by_user, "write", client)
    share = SharedMeasure.objects.select_for_update().filter(client=client, instrument=instrument).first()
    if share is None:
        return False
    recording.record(by_user, "measure.unshare", client=client, obj=share, detail={"instrument": instrument})
    share.delete()
    return True
