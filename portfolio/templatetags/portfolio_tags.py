from django import template

register = template.Library()


@register.filter
def text_for(entry, user):
    """A journal entry's text for this reader: None when it is private and the reader is not its client."""
    return entry.text_for(user)
