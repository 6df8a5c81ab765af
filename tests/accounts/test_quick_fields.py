"""`quick_field` and `quick_form` draw what crispy-forms' bootstrap5 pack draws (whitespace aside), faster.

The read pages with a small form (the directory's search, the audit log's filter, a disclosure plan's status
form) use them instead of `|as_crispy_field` and `|crispy`; a difference in markup would change those pages.
"""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms

from accounts.audit_forms import QuickSelect
from accounts.templatetags.quick_fields import quick_field, quick_form

COLOURS = [("", "Any"), ("teal", "Teal & green"), ("plum", 'Plum "purple"')]


class EveryWidget(forms.Form):
    text = forms.CharField(label="Name <b>", max_length=20, help_text="As the person <em>prefers</em>.")
    number = forms.IntegerField(label="Hours", required=False, min_value=0)
    day = forms.DateField(label="Day", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    colour = forms.ChoiceField(label="Colour", choices=COLOURS, required=False)
    shade = forms.ChoiceField(label="Shade", choices=COLOURS[1:])
    grouped = forms.ChoiceField(label="Grouped", choices=[("Warm", [("red", "Red")]), ("cool", "Cool")])
    quick = forms.ChoiceField(label="Quick", choices=COLOURS, required=False, widget=QuickSelect)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "mine"}))
    agree = forms.BooleanField(label="I agree", required=False)
    must = forms.BooleanField(label="Must tick", help_text="Needed.")
    secret = forms.CharField(required=False, widget=forms.HiddenInput)
    several = forms.MultipleChoiceField(choices=COLOURS[1:], required=False, widget=forms.CheckboxSelectMultiple)

    def clean(self):
        raise forms.ValidationError("Something about the whole form & more.")


def normalized(html):
    """The markup without the whitespace between tags and around text (crispy's templates leave a lot)."""
    html = re.sub(r">\s+", ">", str(html))
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"\s+", " ", html).strip()


DATA = {
    "text": "<script>alert(1)</script> and far too long",
    "number": "-3",
    "day": "2024-02-30",
    "colour": "plum",
    "shade": "nothing",
    "grouped": "red",
    "quick": "teal",
    "note": "</textarea><b>hi</b>",
    "agree": "on",
    "secret": '"><x>',
    "several": ["teal", "x"],
}


@pytest.mark.parametrize("data", [None, {}, DATA], ids=["unbound", "empty", "errors"])
def test_each_field_is_drawn_as_crispy_draws_it(data):
    form = EveryWidget(data)
    if data is not None:
        assert not form.is_valid()
    for name in form.fields:
        assert normalized(quick_field(form[name])) == normalized(as_crispy_field(EveryWidget(data)[name])), name


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "errors"])
def test_a_whole_form_is_drawn_as_crispy_draws_it(data):
    expected = EveryWidget(data)
    drawn = quick_form(EveryWidget(data))
    assert normalized(drawn) == normalized(as_crispy_form(expected))
    if data:
        assert "Something about the whole form &amp; more." in drawn
        assert "&lt;script&gt;" in drawn and "<script>" not in drawn


@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "errors"])
def test_the_referral_pages_forms_are_drawn_as_crispy_draws_them(bound, db):
    from peers.forms import ReferralStatusForm, VerbalConsentForm, WithdrawForm

    from ..factories import PeerReferralFactory

    referral = PeerReferralFactory()
    data = {"status": "no-such-status", "reason": "x" * 3000} if bound else None
    makers = [
        lambda: ReferralStatusForm(data, referral=referral),
        lambda: VerbalConsentForm(data),
        lambda: WithdrawForm(data),
    ]
    for make in makers:
        form = make()
        if bound:
            form.is_valid()
        expected = make()
        if bound:
            expected.is_valid()
        assert normalized(quick_form(form)) == normalized(as_crispy_form(expected)), type(form).__name__
