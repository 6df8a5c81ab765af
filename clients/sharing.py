"""The "shared with client" switch, one mechanism for every shareable kind of item.

Each app registers its shareable models by a short kind name (in its AppConfig.ready()); the one
share view in `clients.views` toggles any of them, through the model's scoped queryset.
"""

_kinds = {}


def register(kind, model):
    _kinds[kind] = model


def model_for(kind):
    """The model registered under `kind`, or None."""
    return _kinds.get(kind)


def kind_of(instance):
    return next((kind for kind, model in _kinds.items() if isinstance(instance, model)), None)
