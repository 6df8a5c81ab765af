"""`{% link "app:name" obj.pk %}`: `{% url %}` for links whose arguments are ids, reversed once a process."""

from django import template

from empowerment.links import link as reverse_link

register = template.Library()


@register.simple_tag(name="link")
def link(name, *ids):
    return reverse_link(name, *ids)
