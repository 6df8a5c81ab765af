"""The one way a lower app learns of the apps above it (which it may not import): they register with it.

Each app above calls `register` from its AppConfig.ready(), as Django's admin collects ModelAdmins. A `Registry`
holds things by key (overview panels, PDF sections, shareable kinds, an invitation's acceptance per role); `Hooks`
holds the functions to call when something happens below (a record discharged, an item unshared, an emergency
access started), each called inside the transaction of the change, so what it writes commits or rolls back with it.
No Django signals carry domain events.
"""


class Registry:
    """Things registered by key; registering a key again replaces its entry (a reload never makes two)."""

    def __init__(self, what):
        self.what = what
        self._entries = {}

    def register(self, key, entry):
        self._entries[key] = entry
        return entry

    def get(self, key, default=None):
        return self._entries.get(key, default)

    def items(self):
        return list(self._entries.items())

    def values(self):
        return list(self._entries.values())

    def __repr__(self):
        return f"<Registry of {self.what}: {', '.join(map(str, self._entries)) or 'empty'}>"


class Hooks:
    """Functions to call on named events. `register(event, hook)` once per hook; `run(event, **kwargs)` calls each."""

    def __init__(self, *events):
        self._hooks = {event: [] for event in events}

    def register(self, event, hook):
        if event not in self._hooks:
            raise KeyError(f"No such event: {event!r} (there are {', '.join(self._hooks)})")
        if hook not in self._hooks[event]:
            self._hooks[event].append(hook)
        return hook

    def run(self, event, **kwargs):
        for hook in self._hooks[event]:
            hook(**kwargs)
