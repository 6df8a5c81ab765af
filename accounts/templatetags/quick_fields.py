"""`{{ form.field|quick_field }}` and `{{ form|quick_form }}`: a field (or a small form) drawn as crispy-forms'
bootstrap5 pack draws it, but built in Python.

crispy's `as_crispy_field` renders a 60-line template for each field, and Django's Select renders two small
templates for each option. On the read pages that carry a small form (the directory's search, the audit log's
filter, a disclosure plan's status form) that was a third of the page's time. This filter writes the same
markup (label, widget with the pack's classes, errors, help text) for the widgets those forms use: inputs,
text areas, single selects and checkboxes. Anything else (radio buttons, multiple checkboxes, files) goes
to crispy as before.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.audit_forms import QuickSelect

register = template.Library()


def _pack_classes(bound_field):
    """The widget's `class` as crispy's `crispy_field` tag leaves it: its own classes, its type, the pack's."""
    widget = bound_field.field.widget
    type_name = widget.__class__.__name__.lower()
    type_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(type_name, type_name)
    classes = widget.attrs.get("class", "")
    if not classes:
        classes = type_name
    elif type_name not in classes:
        classes += f" {type_name}"
    if isinstance(widget, forms.CheckboxInput):
        pack = "form-check-input"
    elif isinstance(widget, forms.Select):
        pack = "form-select"
    else:
        pack = "form-control"
    present = classes.split()
    extra = [name for name in (pack, "is-invalid" if bound_field.errors else "") if name and name not in present]
    return " ".join([classes, *extra])


def _widget(bound_field):
    attrs = {"class": _pack_classes(bound_field)}
    widget = bound_field.field.widget
    if type(widget) is forms.Select:  # options written in Python, not two templates each
        widget = QuickSelect(attrs=widget.attrs, choices=widget.choices)
    return bound_field.as_widget(widget=widget, attrs=attrs)


def _label(bound_field, css_class):
    required = bound_field.field.required
    return format_html(
        '<label{} class="{}{}">{}{}</label>',
        format_html(' for="{}"', bound_field.id_for_label) if bound_field.id_for_label else "",
        css_class,
        " requiredField" if required else "",
        bound_field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",  # nosec B308
    )


def _errors_and_help(bound_field):
    parts = []
    if bound_field.errors:
        parts.append(
            format_html(
                '<div id="{}_error" class="invalid-feedback">{}</div>',
                bound_field.errors.field_id or bound_field.auto_id,
                format_html_join(
                    "",
                    '<p id="error_{}_{}"><strong>{}</strong></p>',
                    ((number, bound_field.auto_id, error) for number, error in enumerate(bound_field.errors, 1)),
                ),
            )
        )
    if bound_field.help_text:
        help_id = format_html(' id="{}_helptext"', bound_field.auto_id) if bound_field.auto_id else ""
        # The app's own (translated) text, never a person's: Django's and crispy's templates mark it |safe too.
        help_text = mark_safe(str(bound_field.help_text))  # noqa: S308  # nosec B308, B703
        parts.append(format_html('<div{} class="form-text">{}</div>', help_id, help_text))
    return format_html_join("", "{}", ((part,) for part in parts))


def _drawn_here(widget):
    if isinstance(widget, forms.CheckboxInput):
        return True
    if isinstance(widget, forms.Select):
        return not isinstance(widget, forms.SelectMultiple)
    return isinstance(widget, forms.widgets.Input | forms.Textarea) and not isinstance(widget, forms.FileInput)


@register.filter
def quick_field(bound_field):
    """The field's bootstrap5 markup, as `|as_crispy_field` gives it (whitespace aside)."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return bound_field.as_widget()
    if not _drawn_here(widget):
        return as_crispy_field(bound_field)
    extra_classes = bound_field.css_classes()
    extra_classes = f" {extra_classes}" if extra_classes else ""  # format_html escapes it
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}{}{}</div></div>',
            bound_field.auto_id,
            extra_classes,
            _widget(bound_field),
            _label(bound_field, "form-check-label"),
            _errors_and_help(bound_field),
        )
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}</div>',
        bound_field.auto_id,
        extra_classes,
        _label(bound_field, "form-label") if bound_field.label else "",
        _widget(bound_field),
        _errors_and_help(bound_field),
    )


@register.filter
def quick_form(form):
    """The whole form as `|crispy` draws it: the errors that belong to no field, then every field."""
    errors = form.non_field_errors()
    parts = [
        format_html(
            '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )
        if errors
        else ""
    ]
    parts += [quick_field(bound_field) for bound_field in form]
    return format_html_join("", "{}", ((part,) for part in parts))
