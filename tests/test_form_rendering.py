"""How a form field is drawn (accounts/form_rendering.py, templates/forms/): Django's own form rendering with the
project's templates, in Bootstrap 5's markup. Issue 21 replaced crispy-forms' Bootstrap 5 pack with it; the
expected markup below is what that pack (crispy-bootstrap5 2026.9) printed for the same form, recorded before it
was removed, so that pages, their tests and the browser tests see what they saw before: the wrapper ids, Bootstrap's
classes, the error and help ids that aria-describedby names, radio and checkbox groups as fieldsets.
"""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from accounts.form_rendering import FormRenderer
from core.widgets import ScaleRadios


class EveryKind(forms.Form):
    name = forms.CharField(label="Name <b>", max_length=20, help_text="As the person <em>prefers</em>.")
    colour = forms.ChoiceField(label="Colour", choices=[("", "Any"), ("teal", "Teal & green")], required=False)
    grouped = forms.ChoiceField(label="Grouped", choices=[("Warm", [("red", "Red")]), ("cool", "Cool")])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "mine"}))
    agree = forms.BooleanField(label="I agree", help_text="Needed.")
    one = forms.ChoiceField(label="One of", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    several = forms.MultipleChoiceField(
        label="Several",
        choices=[("a", "A"), ("b", "B")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any.",
    )
    secret = forms.CharField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(
        label="Day",
        required=False,
        initial=datetime.date(2026, 1, 2),
        show_hidden_initial=True,  # as a model field with a callable default has
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        raise forms.ValidationError("Something about the whole form & more.")


WITH_ERRORS = {
    "name": "<script>alert(1)</script> and far too long",
    "colour": "teal",
    "grouped": "red",
    "note": "</textarea>",
    "one": "z",
    "several": ["b", "x"],
    "secret": '"><x>',
    "day": "2026-02-30",
}

# What crispy-bootstrap5 2026.9 drew for each field of EveryKind(WITH_ERRORS), whitespace between tags aside.
DRAWN_BEFORE = {
    "name": (
        '<div id="div_id_name" class="mb-3"><label for="id_name" class="form-label requiredField">'
        'Name &lt;b&gt;<span class="asteriskField">*</span></label>'
        '<input type="text" name="name" value="&lt;script&gt;alert(1)&lt;/script&gt; and far too long" maxlength="20" class="textinput form-control is-invalid" required aria-invalid="true" aria-describedby="id_name_helptext id_name_error" id="id_name">'
        '<div id="id_name_error" class="invalid-feedback"><p id="error_1_id_name"><strong>'
        "Ensure this value has at most 20 characters (it has 42).</strong></p></div>"
        '<div id="id_name_helptext" class="form-text">As the person<em>prefers</em>.</div></div>'
    ),
    "colour": (
        '<div id="div_id_colour" class="mb-3"><label for="id_colour" class="form-label">Colour</label>'
        '<select name="colour" class="select form-select" id="id_colour"><option value="">Any</option>'
        '<option value="teal" selected>Teal &amp; green</option></select></div>'
    ),
    "grouped": (
        '<div id="div_id_grouped" class="mb-3"><label for="id_grouped" class="form-label requiredField">'
        'Grouped<span class="asteriskField">*</span></label>'
        '<select name="grouped" class="select form-select" id="id_grouped"><optgroup label="Warm">'
        '<option value="red" selected>Red</option></optgroup><option value="cool">Cool</option></select>'
        "</div>"
    ),
    "note": (
        '<div id="div_id_note" class="mb-3"><label for="id_note" class="form-label">Note</label>'
        '<textarea name="note" cols="40" rows="2" class="mine textarea form-control" id="id_note">'
        "&lt;/textarea&gt;</textarea></div>"
    ),
    "agree": (
        '<div class="mb-3"><div id="div_id_agree" class="form-check">'
        '<input type="checkbox" name="agree" class="checkboxinput form-check-input is-invalid" required aria-invalid="true" aria-describedby="id_agree_helptext id_agree_error" id="id_agree">'
        '<label for="id_agree" class="form-check-label requiredField">I agree<span class="asteriskField">'
        '*</span></label><div id="id_agree_error" class="invalid-feedback"><p id="error_1_id_agree"><strong>'
        'This field is required.</strong></p></div><div id="id_agree_helptext" class="form-text">'
        "Needed.</div></div></div>"
    ),
    "one": (
        '<div id="div_id_one" class="mb-3"><fieldset aria-describedby="id_one_error">'
        '<legend class="form-label requiredField fs-6">One of<span class="asteriskField">*</span></legend>'
        '<div><div class="form-check">'
        '<input type="radio" class="form-check-input is-invalid" name="one" value="a" id="id_one_0" required aria-invalid="true">'
        '<label for="id_one_0" class="form-check-label">A</label></div><div class="form-check">'
        '<input type="radio" class="form-check-input is-invalid" name="one" value="b" id="id_one_1" required aria-invalid="true">'
        '<label for="id_one_1" class="form-check-label">B</label>'
        '<div id="id_one_error" class="invalid-feedback"><p id="error_1_id_one"><strong>'
        "Select a valid choice. z is not one of the available choices.</strong></p></div></div></div>"
        "</fieldset></div>"
    ),
    "several": (
        '<div id="div_id_several" class="mb-3">'
        '<fieldset aria-describedby="id_several_helptext id_several_error"><legend class="form-label fs-6">'
        'Several</legend><div><div class="form-check">'
        '<input type="checkbox" class="form-check-input is-invalid" name="several" value="a" id="id_several_0" aria-invalid="true">'
        '<label for="id_several_0" class="form-check-label">A</label></div><div class="form-check">'
        '<input type="checkbox" class="form-check-input is-invalid" name="several" value="b" id="id_several_1" aria-invalid="true" checked>'
        '<label for="id_several_1" class="form-check-label">B</label>'
        '<div id="id_several_error" class="invalid-feedback"><p id="error_1_id_several"><strong>'
        "Select a valid choice. x is not one of the available choices.</strong></p></div></div></div>"
        '<div id="id_several_helptext" class="form-text">Tick any.</div></fieldset></div>'
    ),
    "secret": ('<input type="hidden" name="secret" value="&quot;&gt;&lt;x&gt;" id="id_secret">'),
    "day": (
        '<div id="div_id_day" class="mb-3"><label for="id_day" class="form-label">Day</label>'
        '<input type="date" name="day" value="2026-02-30" class="dateinput form-control is-invalid" aria-invalid="true" aria-describedby="id_day_error" id="id_day">'
        '<input type="hidden" name="initial-day" value="2026-02-30" aria-describedby="id_day_error" id="initial-id_day">'
        '<div id="id_day_error" class="invalid-feedback"><p id="error_1_id_day"><strong>'
        "Enter a valid date.</strong></p></div></div>"
    ),
}


def normalized(html):
    """The markup without the whitespace between tags (the templates are written to be read)."""
    html = re.sub(r">\s+", ">", str(html))
    html = re.sub(r"\s+<", "<", html)
    html = re.sub(r"\s+>", ">", html)
    return re.sub(r"\s+", " ", html).strip()


def bound_with_errors():
    form = EveryKind(WITH_ERRORS)
    assert not form.is_valid()
    return form


def test_the_project_renderer_draws_every_form():
    assert isinstance(EveryKind().renderer, FormRenderer)


@pytest.mark.parametrize("name", list(DRAWN_BEFORE))
def test_each_kind_of_field_is_drawn_as_before(name):
    assert normalized(bound_with_errors()[name].as_field_group()) == DRAWN_BEFORE[name]


def test_a_whole_form_shows_its_own_errors_first_then_every_field():
    drawn = normalized(str(bound_with_errors()))
    own_errors = (
        '<div class="alert alert-block alert-danger"><ul class="m-0">'
        "<li>Something about the whole form &amp; more.</li></ul></div>"
    )
    assert drawn == own_errors + "".join(DRAWN_BEFORE.values())
    assert "<script>" not in drawn
    assert "<b>" not in drawn


def test_a_form_without_errors_marks_nothing_invalid():
    drawn = str(EveryKind())
    assert "is-invalid" not in drawn
    assert "aria-invalid" not in drawn
    assert "alert" not in drawn
    assert 'class="textinput form-control" required aria-describedby="id_name_helptext" id="id_name"' in drawn
    assert '<fieldset aria-describedby="id_several_helptext">' in drawn


def test_a_form_of_hidden_inputs_only_shows_their_errors():
    """A formset's management form, its counts tampered with: there is no field to show the error next to."""
    management_form = forms.formset_factory(EveryKind)(
        {"form-TOTAL_FORMS": "x", "form-INITIAL_FORMS": "0"}
    ).management_form
    drawn = str(management_form)
    assert '<ul class="errorlist nonfield"><li>(Hidden field TOTAL_FORMS) Enter a whole number.</li></ul>' in drawn
    assert '<input type="hidden" name="form-TOTAL_FORMS" value="x" id="id_form-TOTAL_FORMS">' in drawn


class LanguageSelect(forms.Select):
    """A select whose options carry their own attributes (a lang), as a language list would."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["lang"] = option["value"]
        return option


class OwnOptionSelect(forms.Select):
    option_template_name = "tests/own_option.html"


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=[("", "—"), ("Warm", [("red", "Red & co"), ("amber", "Amber")]), ("cool", '"Cool"')]),
        forms.Select(choices=[("en", "English"), ("es", "Español")], attrs={"data-x": "1", "disabled": True}),
        LanguageSelect(choices=[("en", "English"), ("es", "Español")]),
        forms.TextInput(attrs={"autofocus": True, "maxlength": 5}),
        forms.Textarea(attrs={"rows": 2}),
        forms.CheckboxInput(),
    ],
    ids=["grouped select", "disabled select", "option attributes", "text", "text area", "checkbox"],
)
def test_the_widget_templates_the_project_overrides_draw_what_djangos_own_draw(widget):
    """templates/django/forms/widgets/ writes options and attributes inline (fewer includes): the same HTML."""
    value = "red" if isinstance(widget, forms.Select) else "x"
    attrs = {"id": "id_x", "required": True, "aria-invalid": "true"}
    ours = widget.render("x", value, attrs=attrs, renderer=FormRenderer())
    djangos = widget.render("x", value, attrs=attrs, renderer=DjangoTemplates())
    assert ours == djangos


def test_an_option_with_its_own_template_still_uses_it(settings, tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "own_option.html").write_text("<option data-own>{{ widget.label }}</option>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    drawn = OwnOptionSelect(choices=[("a", "A")]).render("x", "a", renderer=FormRenderer())
    assert "<option data-own>A</option>" in drawn


class Session(forms.Form):
    wellbeing = forms.IntegerField(label="Wellbeing (0–10)", min_value=0, max_value=10, widget=ScaleRadios)
    note = forms.CharField(label="Note")


def test_a_scale_is_a_fieldset_of_eleven_radio_buttons_drawn_as_buttons_with_nothing_chosen():
    html = Session()["wellbeing"].as_field_group()
    assert "<fieldset" in html
    assert re.search(r'<legend class="form-label requiredField fs-6">Wellbeing \(0–10\)', html)
    radios = re.findall(r'<input type="radio" class="btn-check"[^>]*>', html)
    assert [re.search(r'value="(\d+)"', radio).group(1) for radio in radios] == [str(n) for n in range(11)]
    assert not [radio for radio in radios if " checked" in radio]
    assert all(" required" in radio for radio in radios)
    labels = re.findall(
        r'<label for="id_wellbeing_(\d+)" class="btn btn-outline-primary scale-option">(\d+)</label>', html
    )
    assert labels == [(str(n), str(n)) for n in range(11)]


def test_a_refused_form_keeps_the_number_chosen_on_its_scale_and_a_wrong_one_says_so():
    kept = Session({"wellbeing": "4", "note": ""})
    assert not kept.is_valid()  # the note is missing
    assert re.search(r'value="4"[^>]* checked', kept["wellbeing"].as_field_group())
    wrong = Session({"wellbeing": "11", "note": "x"})
    assert not wrong.is_valid()
    html = wrong["wellbeing"].as_field_group()
    assert 'class="scale is-invalid"' in html
    assert "Ensure this value is less than or equal to 10." in html
    assert 'aria-invalid="true"' in html
