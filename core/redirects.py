"""Where a form sends the person back: the page it came from (its `next` field), only when that is a page of
this site, by Django's own check (which also refuses `//host` and `/\\host`, both another site to a browser)."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_next(request, default=""):
    """The posted `next` when it is a path on this site, else `default`."""
    url = request.POST.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return default
