"""Safe editing of clinical records: no silent overwrite, no double rows.

- Versioned saves: a form carries the version it was opened at; saving over a newer version is
  refused with `EditConflictError`, and the form shows both the person's text and what was saved.
- Submission keys: a create form carries a one-time key; submitting it twice returns the row the
  first submission made instead of making a second, even when both arrive at the same moment.
"""

import uuid

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit import recording
from audit.models import AuditEvent

from .models import NOTE_MAX_LENGTH


class EditConflictError(Exception):
    """Someone saved this record after the form was opened."""

    def __init__(self, current):
        super().__init__("The record changed since the form was opened.")
        self.current = current


def versioned_update(instance, *, data, expected_version, prepare=None, save_unchanged=True):
    """Apply `data` and save, only if nobody saved the row since `expected_version`; bump the version.

    Returns the names of the fields that changed, compared with the row as stored (a ModelForm has
    already written the new values onto the instance it was given, so the instance cannot tell).
    `prepare(instance, changed)` may set derived fields before the save. With `save_unchanged` False, a save
    that changes nothing writes nothing (no new version) and returns [].
    """
    with transaction.atomic():
        current = type(instance).objects.select_for_update().get(pk=instance.pk)
        if current.version != expected_version:
            raise EditConflictError(current)
        changed = sorted(name for name, value in data.items() if getattr(current, name) != value)
        if not changed and not save_unchanged:
            return changed
        for name, value in data.items():
            setattr(instance, name, value)
        if prepare is not None:
            prepare(instance, changed)
        instance.version = current.version + 1
        instance.save()
    return changed


def existing_submission(model, key):
    """The row an earlier submission with this key made, if any.

    Call it inside the creating transaction. On PostgreSQL it first takes a transaction-scoped advisory lock
    on the key, so a second submission racing the first waits for it to commit and then finds its row (read
    committed: the next statement sees it) instead of failing on the unique key with a server error.
    """
    if not key:
        return None
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        lock_id = uuid.UUID(str(key)).int & (2**63 - 1)  # the key's bits as a positive bigint
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
    return model.objects.filter(submission_key=key).first()


def assign(instance, data):
    """Set each of `data`'s fields on `instance` (a form's cleaned data, field by field)."""
    for name, value in data.items():
        setattr(instance, name, value)


ITSELF = object()  # create_once(..., client=ITSELF): the row made is itself the client record


def create_once(model, *, by_user, action, client, submission_key, fields, data=None, prepare=None, detail=None):
    """The create sequence of every service, once per submission: `(row, created)`.

    Inside the service's transaction and after its permission check: the row an earlier submission with this key
    made is returned as it is (`created` False, nothing written, nothing audited). Otherwise a `model` row is made
    from `fields` (who and whose: client, author) and the form's `data`, `prepare(row)` sets what follows from them
    (a default, a rule of who may share), it is saved, and `action` is audited against `client` (None for a row of
    nobody's record, `ITSELF` when the row is the client record), with `detail` (a dict, or a function of the saved
    row). What else a create does (a status history row, a reminder) the service does when `created` is true.
    """
    earlier = existing_submission(model, submission_key)
    if earlier is not None:
        return earlier, False
    row = model(submission_key=submission_key, **fields)
    assign(row, data or {})
    if prepare is not None:
        prepare(row)
    row.save()
    whose = row if client is ITSELF else client
    recording.record(by_user, action, client=whose, obj=row, detail=detail(row) if callable(detail) else detail)
    return row, True


def save_the_one(model, *, client, by_user, created, updated, data, expected_version, fields, on_update=None):
    """The save sequence of a row a client has at most one of (the safety plan, the empowerment plan).

    The first save makes it from `fields` and the form's `data` and audits `created` (an action code); two first
    saves at the same moment make one row, and the second is told of the first as a conflict (EditConflictError).
    Later saves set what `on_update(row)` sets (who saved, a review date) and go through `versioned_update`, audited
    as `updated` with the fields that changed. Inside the service's transaction, after its permission check.
    """
    row = model.objects.filter(client=client).first()
    if row is None:
        row = model(client=client, **fields)
        assign(row, data)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # a colleague's first save made it at the same moment: theirs stands
            raise EditConflictError(model.objects.get(client=client)) from None
        recording.record(by_user, created, client=client, obj=row)
        return row
    if on_update is not None:
        on_update(row)
    changed = versioned_update(row, data=data, expected_version=expected_version)
    recording.record(by_user, updated, client=client, obj=row, detail={"fields": changed})
    return row


def _comparable(value):
    """A value as typed and as saved compare alike: text without its line-ending style, related rows as ids."""
    if hasattr(value, "all"):  # a many-to-many manager or a queryset
        return {item.pk for item in value.all()}
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return "" if value is None else value


def last_saver(record, actions=()):
    """Who made the saved version of `record`: the actor of its latest create or update event, or None.

    `actions` names the record's other events that save it (a grievance's "grievance.status" and "grievance.reply").
    """
    events = AuditEvent.objects.filter(object_type__in=recording.object_types(record), object_id=str(record.pk))
    client_id = record.pk if record._meta.label_lower == "clients.client" else getattr(record, "client_id", None)
    if client_id is not None:
        events = events.filter(client_id=client_id)  # the (client, at) index finds them among the client's events
    saving = Q(action__endswith=".create") | Q(action__endswith=".update")
    if actions:
        saving |= Q(action__in=actions)
    saves = events.filter(saving)
    event = saves.select_related("actor").order_by("-at").first()
    return event.actor if event is not None else None


class ClinicalFormMixin:
    """Shared behaviour of the product's forms: a length limit on long text, version and submission keys."""

    # Who saved is not known here (it may be the same person, in another tab): the notice above the form says.
    conflict_message = _(
        "This was saved again after you opened this page. Your text is still in the form below, and what was "
        "saved is shown above it. Copy what you need, then save again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = NOTE_MAX_LENGTH
                field.validators.append(MaxLengthValidator(NOTE_MAX_LENGTH))
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["data-language-check"] = ""  # gentle word suggestions as one types


class VersionedFormMixin(ClinicalFormMixin):
    """Adds the hidden version the form was opened at, and shows a refused save (`show_conflict`).

    The form's record is `self.instance`: a ModelForm's, or one a plain form sets before calling this `__init__`.
    Its page includes "includes/conflict.html" (what was saved, and by whom) above "includes/form.html".
    """

    # Audit actions, besides create and update, that save this form's record (who saved in between is found by them).
    saving_actions = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not required: a form opened before the row existed (a first safety plan) has no version, and if a
        # colleague made the row meanwhile, the service refuses the save as a conflict, with both versions shown.
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
        if not self.is_bound and not self.instance._state.adding:
            self.initial["version"] = self.instance.version

    def show_conflict(self, current, message=None):
        """Refuse the save with the conflict message (or `message`), keeping the person's text; the form now
        carries the saved version, so that saving again, after seeing both, is a deliberate choice that is taken."""
        self.conflict_fields = self._fields_differing_from(current)
        self.conflict_saved_by = last_saver(current, self.saving_actions)
        self.add_error(None, message or self.conflict_message)
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        return current

    def _fields_differing_from(self, current):
        """The labels of the visible fields whose saved value differs from what the person typed."""
        typed = getattr(self, "cleaned_data", {})
        return [
            field.label
            for field in self.visible_fields()
            if field.name in typed and _comparable(typed[field.name]) != _comparable(getattr(current, field.name, None))
        ]


class SubmissionKeyFormMixin(ClinicalFormMixin):
    """Adds a hidden one-time key so that a double submit makes one row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()
