"""A choice field's label, from a dictionary made once per field.

Django's `get_FOO_display` builds a dictionary of every choice on each call, translating each label to hash it
(about 60 µs a call on the benchmark machine): a page of rows that shows a label or two per row pays that many
times over (issue 21). Templates use the `label` filter (`{% load labels %}`, `{{ step|label:"kind" }}`);
Python calls `choice_label`. A value that is not one of the choices is shown as it is, as Django's does.
"""

from functools import cache


@cache
def _labels(model, field_name):
    return dict(model._meta.get_field(field_name).flatchoices)


def choice_label(obj, field_name):
    value = getattr(obj, field_name)
    return _labels(type(obj), field_name).get(value, value)
