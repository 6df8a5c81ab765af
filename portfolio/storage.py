"""Where PDF exports are kept: Django's storage API, STORAGES["exports"] (empowerment/settings.py).

One host: `ExportFileStorage`, the folder PRIVATE_FILES_ROOT/exports (outside the web root, private to the
service's user). Several hosts: django-storages' S3 backend on a private, encrypted bucket (EXPORTS_S3_BUCKET).
Either way a file is reached only through portfolio.exporting, and served only by the audited download view:
neither storage hands out a public address.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


def exports_storage():
    """The storage the PDF exports are written to, read from and deleted from."""
    return storages["exports"]


def local_folder(storage):
    """The storage's folder on this machine (the filesystem storage), created if missing; None for a remote one."""
    if not isinstance(storage, FileSystemStorage):
        return None
    folder = Path(storage.location)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


class ExportFileStorage(FileSystemStorage):
    """The exports folder on this host's disk: PRIVATE_FILES_ROOT/exports unless a `location` is given.

    The folder follows the PRIVATE_FILES_ROOT setting when it changes (tests give each run its own folder).
    A saved file replaces one of the same name (an export's name is its id: a second build of the same export
    overwrites the first), files are private to the service's user, and a file that was built beside the folder
    (a temporary file with a path) is moved into place with one rename, so no reader sees half a PDF.
    """

    def __init__(
        self, location=None, file_permissions_mode=0o600, directory_permissions_mode=0o700, allow_overwrite=True
    ):
        super().__init__(
            location=location,
            file_permissions_mode=file_permissions_mode,
            directory_permissions_mode=directory_permissions_mode,
            allow_overwrite=allow_overwrite,
        )

    @property  # type: ignore[override]
    def base_location(self):
        return self._value_or_setting(self._location, str(Path(settings.PRIVATE_FILES_ROOT) / "exports"))

    @property  # type: ignore[override]
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Exports have no address of their own: they are served by the download view")
