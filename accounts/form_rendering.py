"""How every form of the planner is drawn: Django's own form rendering with the project's Bootstrap 5 templates.

`{{ form }}` draws the errors that belong to no field, then each field (templates/forms/form.html);
`{{ field.as_field_group }}` draws one field (templates/forms/field.html): its label, its widget with Bootstrap's
class, its errors and its help text, as crispy-forms' Bootstrap 5 pack drew them before (issue 21: that pack's
chain of templates cost about a millisecond per field). Markup lives in those templates; this module only names
them and gives each field the two values a template cannot work out: the widget's class and the options of a
group of radio buttons or checkboxes.

It lives in `accounts`, the app every other app already depends on, so that any app's forms can use it and it
depends on none of them (settings.FORM_RENDERER names it).
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


def _bootstrap_class(widget):
    """Bootstrap's class for a widget drawn on its own (radio and checkbox groups are drawn option by option)."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class FieldWithBootstrap(BoundField):
    """A form field with what templates/forms/field.html needs besides Django's own attributes."""

    @property
    def is_checkbox(self):
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_choice_group(self):
        """Radio buttons or checkboxes (CheckboxSelectMultiple is a RadioSelect)."""
        return isinstance(self.field.widget, forms.RadioSelect)

    @property
    def widget_with_class(self):
        """The widget with its own classes, then its type ("textinput", "select": what crispy's pack printed, kept
        so the markup did not change), then Bootstrap's class, and "is-invalid" when the field has errors."""
        widget = self.field.widget
        classes = widget.attrs.get("class", "")
        type_name = type(widget).__name__.lower()
        if not classes:
            classes = type_name
        elif type_name not in classes:
            classes += f" {type_name}"
        present = classes.split()
        for name in (_bootstrap_class(widget), "is-invalid" if self.errors else None):
            if name and name not in present:
                classes += f" {name}"
        html = self.as_widget(attrs={"class": classes})
        if self.field.show_hidden_initial:  # as str(field) does: a model field's callable default, for has_changed()
            return html + self.as_hidden(only_initial=True)
        return html

    @property
    def is_scale(self):
        """A row of numbered tap targets (core.widgets.ScaleRadios)."""
        return getattr(self.field.widget, "is_scale", False)

    @property
    def choice_groups(self):
        """The options of a radio or checkbox group, as (group label, options, index): what the widget's own
        template would loop over, with the field's attributes (required, aria-invalid) on each option."""
        widget = self.field.widget
        element_id = widget.attrs.get("id") or self.auto_id
        attrs = self.build_widget_attrs({"id": element_id} if element_id else {}, widget)
        return widget.get_context(self.html_name, self.value(), attrs)["widget"]["optgroups"]


class FormRenderer(TemplatesSetting):
    """Django's templates-setting renderer (so templates/django/forms/ overrides apply) with the project's form
    and field templates."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = FieldWithBootstrap
