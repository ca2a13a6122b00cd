"""Files through Django's storage API, so that every web and worker host sees the same ones.

Uploads, agenda packs, their cache and exports are kept in ``default_storage``: the local media
folder unless the settings select an S3-compatible bucket (``PORTAL_STORAGE_BACKEND=s3``). Code
never opens a path under ``MEDIA_ROOT`` itself.
"""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.utils import validate_file_name


def save_atomically(name: str, data: bytes, *, storage=None) -> str:
    """Write ``data`` to ``name``, replacing what is there, so that a reader sees the old file or
    the new one and never part of one; a failure leaves the old file as it was.

    Unlike ``storage.save`` it keeps the name as given (no ``_a1B2c3`` suffix when the name is
    taken). On the local disk it writes a temporary file beside the target and renames it into
    place. In a bucket, one upload of the full bytes replaces the object in a single step: the
    object under ``name`` changes only once the upload is complete.
    """
    storage = storage or default_storage
    validate_file_name(name, allow_relative_path=True)
    if isinstance(storage, FileSystemStorage):
        _replace_file(Path(storage.path(name)), data, storage.file_permissions_mode)
        return name
    # Storage.save would pick another name if this one exists; _save, the method each backend
    # implements, writes to the name it is given (an S3 PUT, which overwrites).
    return storage._save(name, ContentFile(data))


def _replace_file(path: Path, data: bytes, mode: int | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_file(name: str, *, storage=None) -> bytes:
    """The bytes stored under ``name``; ``FileNotFoundError`` if there are none."""
    storage = storage or default_storage
    with storage.open(name, "rb") as handle:
        return handle.read()
