"""Widgets every app's forms share."""

from django import forms


class ScaleRadios(forms.RadioSelect):
    """A 0–10 scale (or another short range) as a row of large tap targets for a session: real radio buttons, so
    the arrow keys move along the scale and a screen reader says "6, radio button, 7 of 11" inside the field's
    fieldset and legend; each label is drawn as a button (Bootstrap's `btn-check`), 44 px or more, with the
    focus ring on the label (templates/forms/field.html). Nothing is chosen until the person chooses."""

    is_scale = True

    def __init__(self, attrs=None, low=0, high=10):
        super().__init__(attrs, choices=[(number, str(number)) for number in range(low, high + 1)])
