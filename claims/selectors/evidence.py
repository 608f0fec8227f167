"""Reads of archived evidence files (the page as fetched), from the default storage."""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage

from ..models import Evidence


class ArchiveFileMissing(Exception):
    pass


class ArchiveFileCorrupt(Exception):
    pass


def archive_file_name(sha256: str) -> str:
    """Where the page as fetched is kept in the default storage (STORAGES["default"]: the local
    file system under MEDIA_ROOT, or an S3-compatible bucket): named by its SHA-256, so the row's
    ``archive_sha256`` finds it, every host reads the same object, and a re-archive rewrites the same bytes."""
    return f"evidence/{sha256[:2]}/{sha256}.bin"


def evidence_original(*, evidence: Evidence) -> bytes:
    """The archived page's bytes, checked against the row's SHA-256.

    ArchiveFileMissing: not archived, or archived before pages were kept as files;
    ArchiveFileCorrupt: the storage returned other bytes; storage errors propagate (unreachable)."""
    if evidence.archive_status != Evidence.ArchiveStatus.ARCHIVED or not evidence.archive_sha256:
        raise ArchiveFileMissing(f"This evidence is not archived ({evidence.get_archive_status_display().lower()}).")
    name = archive_file_name(evidence.archive_sha256)
    if not default_storage.exists(name):
        raise ArchiveFileMissing(
            "No stored copy of the page as fetched (it was archived before pages were kept as files)."
        )
    with default_storage.open(name, "rb") as f:
        content = f.read()
    if hashlib.sha256(content).hexdigest() != evidence.archive_sha256:
        raise ArchiveFileCorrupt("The stored copy does not match the SHA-256 recorded when it was archived.")
    return content
