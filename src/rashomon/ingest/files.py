"""Open input files safely: regular files only, never read past the size limit.

A FIFO, a device (``/dev/zero``, ``/dev/urandom``), a socket or a directory given where an
article file is expected is refused with R016 before a byte is read (text on a pipe is
read with ``-``, on purpose). Files are opened with ``O_NONBLOCK``, so opening a FIFO
cannot hang, and checked with ``fstat`` on the opened descriptor, so a file swapped for a
FIFO between a check and the open is still caught.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from rashomon.config import Settings
from rashomon.errors import NOT_FOUND, SPECIAL_FILE, InputError
from rashomon.ingest.decode import require_size, too_large

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def special_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO (named pipe)"...); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def special_file_error(path: Path, kind: str) -> InputError:
    return InputError(
        f"{str(path)!r} is {kind}, not an article file; rashomon reads regular files "
        "(pipe text in with - to read standard input).",
        code=SPECIAL_FILE,
    )


def not_found(path: Path) -> InputError:
    return InputError(
        f"File {str(path)!r} does not exist; check the path (or give a URL with http://).",
        code=NOT_FOUND,
    )


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading; raises R012 (missing, unreadable) or R016."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise not_found(path) from None
    except IsADirectoryError:
        raise special_file_error(path, "a directory") from None
    except OSError as e:
        raise InputError(
            f"File {str(path)!r} cannot be read ({e.strerror or e}); check its permissions.",
            code=NOT_FOUND,
        ) from e
    kind = special_kind(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise special_file_error(path, kind)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_capped(path: Path, settings: Settings) -> bytes:
    """The bytes of the regular file ``path``; R003 when it holds more than
    ``max_input_bytes`` (never more than one byte past the limit is read)."""
    limit = settings.max_input_bytes
    with open_regular(path) as handle:
        require_size(os.fstat(handle.fileno()).st_size, origin=str(path), settings=settings)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(str(path), settings=settings)
    return data
