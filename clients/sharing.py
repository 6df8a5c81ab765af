"""The "shared with client" switch, one mechanism for every shareable kind of item.

Each app registers its shareable models by a short kind name (in its AppConfig.ready()); the one
share view in `clients.views` toggles any of them, through the model's scoped queryset.
"""

_kinds = {}
_unshare_hooks = []


def register(kind, model):
    _kinds[kind] = model


def model_for(kind):
    """The model registered under `kind`, or None."""
    return _kinds.get(kind)


def kind_of(instance):
    return next((kind for kind, model in _kinds.items() if isinstance(instance, model)), None)


def register_unshare_hook(hook):
    """`hook(item=..., by_user=...)` runs (in the same transaction) when a shared item stops being shared."""
    if hook not in _unshare_hooks:
        _unshare_hooks.append(hook)


def unshared(*, item, by_user):
    for hook in _unshare_hooks:
        hook(item=item, by_user=by_user)
