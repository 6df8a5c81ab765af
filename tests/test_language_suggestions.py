"""The gentle word suggestions are offered in every free-text field of the product's forms (issue 10)."""

import importlib
import inspect
import pkgutil

from django import forms

from clients.editing import ClinicalFormMixin

from .test_layers import PRODUCT_PACKAGES

APPS = PRODUCT_PACKAGES

# A complaint about the clinic is the client's own voice, in their own words, about us: we do not
# suggest other words for it. (Their journal gets suggestions: it is part of the work on stigma.)
EXEMPT = {("grievances.forms", "GrievanceForm", "text")}


def project_forms():
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.iter_modules(package.__path__):
            if "forms" not in module_info.name:
                continue
            module = importlib.import_module(f"{app}.{module_info.name}")
            for name, form in inspect.getmembers(module, inspect.isclass):
                if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                    yield module.__name__, name, form


def test_every_free_text_field_offers_the_word_suggestions():
    checked, missing = 0, []
    for module, name, form in project_forms():
        for field_name, field in form.base_fields.items():
            if not isinstance(field.widget, forms.Textarea) or (module, name, field_name) in EXEMPT:
                continue
            checked += 1
            # ClinicalFormMixin marks every textarea when the form is made; others mark their own.
            if not issubclass(form, ClinicalFormMixin) and "data-language-check" not in field.widget.attrs:
                missing.append(f"{module}.{name}.{field_name}")
    assert missing == []
    assert checked > 40  # the walk found the forms: plans, journals, notes, reviews


def test_the_clinical_form_mixin_marks_each_textarea_as_the_form_is_made():
    from portfolio.forms import JournalForm

    form = JournalForm()
    textareas = [field for field in form.fields.values() if isinstance(field.widget, forms.Textarea)]
    assert textareas
    assert all("data-language-check" in field.widget.attrs for field in textareas)
