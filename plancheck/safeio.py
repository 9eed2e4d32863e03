"""Reading a user's file without trusting what the name points at.

A pull request controls every file of the repository a CI job checks: `waivers.yaml` or a
reference file can be a named pipe (FIFO), which a plain `open().read()` waits on forever, or a
link to a device (`/dev/zero`, read without end). `read_regular` opens without blocking
(O_NONBLOCK: a FIFO opens at once, with no writer) and reads only a regular file; anything else
is an OSError naming what it is, which each caller reports as an input error of that file.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path


def open_regular(path: Path | str):
    """The regular file at `path` (links followed) opened for reading in binary; OSError for
    anything else. `os.devnull` opens as an empty file (`--waivers /dev/null`: "none")."""
    if os.path.realpath(path) == os.path.realpath(os.devnull):
        return io.BytesIO(b"")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a named pipe" if stat.S_ISFIFO(st.st_mode) \
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket or special file"
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str) -> bytes:
    """The bytes of the regular file at `path` (see `open_regular`)."""
    with open_regular(path) as fh:
        return fh.read()
