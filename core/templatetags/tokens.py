from django import template

from core.design_tokens import colour

register = template.Library()


@register.simple_tag
def token(name):
    """`{% token "chart-line" %}`: the light colour of a design token (static/css/tokens.css), for an SVG
    attribute; the page's stylesheet puts the current mode's colour over it through the element's class."""
    return colour(name)
