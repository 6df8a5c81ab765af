"""`{% client_workspace client %}`: the client workspace header and tabs (clients/workspace.py)."""

from django import template

from clients import access, workspace

register = template.Library()


@register.inclusion_tag("includes/workspace_header.html", takes_context=True)
def client_workspace(context, client, heading=False):
    request = context["request"]
    overview = context.get("overview")
    if overview is not None:
        flags = workspace.flags(
            client=client,
            user=request.user,
            latest_check_in=overview.latest_check_in,
            safety_plan=overview.safety_plan,
            known=True,
        )
    else:
        flags = workspace.flags(client=client, user=request.user)
    can_write = context.get("can_write")
    if can_write is None:
        can_write = access.can(request.user, "write", client)
    return {
        "client": client,
        "flags": flags,
        "tabs": workspace.tabs_for(client, request.path, can_write=can_write),
        "heading": heading,
        "request": request,
    }
