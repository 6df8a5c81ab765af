"""Small helpers for sentences built around formatted values."""


def before_period(value):
    """`value` (a formatted time or date) ready to end a sentence whose own period follows it.

    English times end in an abbreviation ("7:20 p.m."), so "Saved {{ when }}." would read "p.m..": one
    period ends both, as in print. Other values, and Spanish times ("19:20"), are unchanged.
    """
    text = "" if value is None else str(value)
    return text[:-1] if text.endswith(".") else text
