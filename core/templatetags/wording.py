"""Template filters for sentences around formatted values (see core.wording)."""

from django import template

from core.wording import before_period as _before_period

register = template.Library()


@register.filter
def before_period(value):
    """A formatted time that ends a sentence: "…at {{ ends|time:'TIME_FORMAT'|before_period }}." reads "p.m."."""
    return _before_period(value)
