"""Where a read of an index's files fails, the project's error: one line naming the damage.

Whoosh reads its files trusting them: a damaged one fails deep inside it with whatever the
bytes cause (`struct.error`, `zlib.error`, an `UnpicklingError`, an `IndexError`...).
Every entry of the engine's read side (`WhooshEngine`, `WhooshReader`, `Column`) runs under
a `Guard`, which turns such a failure into `IndexDamagedError`: it compares the files with
their seal to name the damaged one (`seal.sealed_damage`), else says what failed. When the
seal finds every file as written, the failure is not the files' doing (a fault of the
code's): it is raised as it is.

What passes through untouched: the project's own errors (a refused query, a per-query time
limit, a missing cable: `CablesearchError`), and `MemoryError`, `RecursionError` and
everything not an `Exception` (an interrupt), which say nothing about the files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from cablesearch.engine.base import Damage, describe
from cablesearch.engine.whoosh.seal import sealed_damage
from cablesearch.errors import CablesearchError, IndexDamagedError

F = TypeVar("F", bound=Callable[..., Any])
#: Exceptions a damaged file never explains.
PASSED = (CablesearchError, MemoryError, RecursionError)


class Guard:
    """The index folder `path`'s translation of read failures into IndexDamagedError."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def damaged(self, exc: BaseException) -> IndexDamagedError | None:
        """The error for `exc`, raised by a read of the index: the damaged files as the seal tells
        them (every byte compared), else the failure itself. None when the seal finds every
        file as it was written: then the files are not to blame, and `exc` is a fault to show."""
        found = self._sealed_damage()
        if found:
            return IndexDamagedError(self.path, describe(found))
        if found is not None:
            return None
        return IndexDamagedError(self.path, f"reading it failed: {what(exc)}")

    def unreadable(self, exc: BaseException, file: str) -> IndexDamagedError:
        """The error for `exc`, raised reading `file` (the table of contents, which Whoosh reads
        to open the index): the damaged files as the seal tells them, else `file` unreadable."""
        found = self._sealed_damage()
        return IndexDamagedError(self.path, describe(found) if found else f"{file}: unreadable: {what(exc)}")

    def _sealed_damage(self) -> list[Damage] | None:
        try:
            return sealed_damage(self.path, checksums=True)
        except Exception:  # noqa: BLE001 - a failed diagnosis leaves the failure itself to report
            return None

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The block's failures, but the PASSED ones, raised as IndexDamagedError."""
        try:
            yield
        except PASSED:
            raise
        except Exception as exc:
            error = self.damaged(exc)
            if error is None:
                raise
            raise error from exc


def what(exc: BaseException) -> str:
    """An exception in a few words: its type (`zlib.error`, not a bare `error`) and the first
    line of its message."""
    kind = type(exc)
    name = kind.__name__ if kind.__module__ == "builtins" or kind.__name__ != "error" else \
        f"{kind.__module__}.{kind.__name__}"
    text = str(exc).splitlines()[0] if str(exc).strip() else ""
    return f"{name}: {text[:120]}" if text else name


def guarded(method: F) -> F:
    """A method of an object with a `_guard` (a Guard, or None for none) that reads the index:
    its failures as `Guard.reading` raises them."""
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except PASSED:
            raise
        except Exception as exc:
            error = None if self._guard is None else self._guard.damaged(exc)
            if error is None:
                raise
            raise error from exc

    return wrapper  # type: ignore[return-value]
