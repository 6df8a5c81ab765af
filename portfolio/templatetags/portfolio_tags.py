from django import template

register = template.Library()


@register.filter
def text_for(entry, user):
    """A journal entry's text for this reader: None when it is private and the reader is not its client."""
    return entry.text_for(user)


@register.simple_tag
def instrument_name(key, language):
    """An instrument's human name in `language` (English when it has none), never its key; a key no definition
    ships (an instrument since retired) shows as itself."""
    from portfolio.instruments import InstrumentError, definition_for, name

    try:
        return name(definition_for(key), language)
    except InstrumentError:
        return key
