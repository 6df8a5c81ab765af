from django import template

from core.labels import choice_label

register = template.Library()


@register.filter
def label(obj, field_name):
    """`{{ step|label:"kind" }}`: the label of a choice field, as `get_kind_display` gives it, without rebuilding
    the field's choices on each call (core/labels.py)."""
    return choice_label(obj, field_name)
