"""The "shared with client" switch, one mechanism for every shareable kind of item.

Each app registers its shareable models by a short kind name (in its AppConfig.ready()); the one
share view in `clients.views` toggles any of them, through the model's scoped queryset.
"""

from core.registry import Hooks, Registry

KINDS = Registry("shareable kinds")  # kind name: model
# "unshared": hook(item=..., by_user=...), in the same transaction, when a shared item stops being shared.
# "shared": hook(item=..., by_user=...), in the same transaction, when an item starts being shared (the client is told).
HOOKS = Hooks("unshared", "shared")


def register(kind, model):
    KINDS.register(kind, model)


def model_for(kind):
    """The model registered under `kind`, or None."""
    return KINDS.get(kind)


def kind_of(instance):
    return next((kind for kind, model in KINDS.items() if isinstance(instance, model)), None)


def register_unshare_hook(hook):
    HOOKS.register("unshared", hook)


def unshared(*, item, by_user):
    HOOKS.run("unshared", item=item, by_user=by_user)


def register_share_hook(hook):
    HOOKS.register("shared", hook)


def shared(*, item, by_user):
    HOOKS.run("shared", item=item, by_user=by_user)
