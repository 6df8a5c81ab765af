"""Small helpers for the record templates."""

from django import template

from clients.person_first_terms import terms_for_browser

register = template.Library()


@register.filter
def field_display(instance, name):
    """The display value of one field of a model instance (choice labels, not codes)."""
    if instance is None:
        return ""
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(instance, name, "")
    return "" if value is None else value


@register.simple_tag
def language_terms():
    """The stigmatizing-word suggestions, for `json_script` in the base layout."""
    return terms_for_browser()


@register.filter
def language_value(translations, language):
    """The text for `language` from a {"en": ..., "es": ...} mapping (English when missing)."""
    if not isinstance(translations, dict):
        return translations
    return translations.get(language) or translations.get("en") or ""
