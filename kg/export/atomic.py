"""Atomic file replacement: readers see either the previous file or the complete new one, never a part.

Input: a destination path and the bytes/text to put there (or a block writing to a file handle).
Output: the destination replaced in one `os.replace`; on any exception the temporary file is removed
and the previous destination (if any) is left byte-identical.

The temporary file lives in the destination's directory (same file system, so the rename is atomic),
is flushed and fsync'd before the rename, and the directory is fsync'd after it (best effort), so a
crash leaves either the old or the new content on disk. The new file gets the old file's permission
bits, or 0o666 minus the process umask for a new file (mkstemp's 0o600 would be a surprise).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

__all__ = ["Finisher", "atomic_open", "atomic_write"]


def _umask() -> int:
    """The process umask, read without changing it where the platform allows (thread safety)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Finisher:
    """Finishes atomic_open's files (fsync, rename, directory fsync) in one background thread, in order,
    while the caller writes the next file: fsync waits on the disk and releases the GIL. `with Finisher()
    as f:` waits for all of them on exit and re-raises the first failure (a failed file is removed and its
    destination left as it was, as without a Finisher)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-fsync")
        self._pending: list[Future] = []

    def submit(self, finish: Callable[[], None]) -> None:
        self._pending.append(self._pool.submit(finish))

    def wait(self) -> None:
        try:
            for f in self._pending:
                f.result()
        finally:
            self._pool.shutdown(wait=True)

    def __enter__(self) -> Finisher:
        return self

    def __exit__(self, *exc) -> None:
        self.wait()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", finisher: Finisher | None = None,
                ) -> Iterator[IO[Any]]:
    """Open a temporary sibling of `path` for writing; on a clean exit it replaces `path` atomically
    (at once, or in `finisher`'s thread).

    `mode` is "w"/"wt" (text, UTF-8, newlines written as given) or "wb" (binary).
    If the block raises, the temporary file is deleted and `path` is untouched.
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_open supports modes 'w', 'wt' and 'wb', not {mode!r}")
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    target_mode = _target_mode(path)
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        if mode == "wb":
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    try:
        yield fh
        fh.flush()
    except BaseException:
        fh.close()
        tmp.unlink(missing_ok=True)
        raise

    def finish() -> None:
        try:
            with fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, target_mode)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(directory)

    if finisher is None:
        finish()
    else:
        finisher.submit(finish)


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write `data` (str is encoded as UTF-8) to `path` atomically; returns the path."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)
