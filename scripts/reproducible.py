"""Byte-identical archives: sorted entries, fixed times and permissions.

Used for every zip we write (DOCX files are zips too), so building the
same tag twice gives the same bytes.
"""
from __future__ import annotations

import io
import zipfile
from typing import Iterable

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)   # the earliest time a zip entry can hold


def zip_bytes(entries: Iterable[tuple[str, bytes]], date_time: tuple = ZIP_EPOCH) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """The same archive, rewritten reproducibly."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zip_bytes((name, source.read(name)) for name in source.namelist())
