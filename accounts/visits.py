"""When a person last visited: the sign-in before this one, kept in the session at sign-in.

Kept in the session, not recomputed per page, so "new since your last visit" stays the same for the
whole visit instead of emptying itself on the next page load.
"""

from datetime import datetime

SESSION_PREVIOUS_VISIT = "previous_visit"
FIRST_VISIT = "first"


def remember_previous_visit(session, previous_login):
    """Called at sign-in with the account's last_login as it was before this sign-in."""
    session[SESSION_PREVIOUS_VISIT] = previous_login.isoformat() if previous_login else FIRST_VISIT


def previous_visit(session):
    """(known, when): `when` is None on a first visit; `known` is False for a session that never stored it."""
    value = session.get(SESSION_PREVIOUS_VISIT)
    if value is None:
        return False, None
    if value == FIRST_VISIT:
        return True, None
    try:
        return True, datetime.fromisoformat(value)
    except ValueError:
        return False, None
