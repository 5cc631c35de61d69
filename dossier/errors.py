"""The one error type of the project: every message names the file, the line and the fix."""

from __future__ import annotations

import re
from pathlib import Path


class DossierError(Exception):
    """A problem a person can act on, located in a file (and a line where there is one)."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


# The lines git writes around an unresolved merge conflict.
_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)|^={7}$", re.MULTILINE)


def conflict(text: str, path: Path | str) -> DossierError | None:
    """The error for a file left mid-merge by git, on the first marker's line; None if it is not.

    Every file a person keeps in git can arrive so, and no YAML, JSON or text reader would say
    what happened."""
    found = _CONFLICT.search(text)
    if found is None:
        return None
    return DossierError("unresolved merge conflict (a line git writes around one)", path,
                        text.count("\n", 0, found.start()) + 1,
                        hint="keep one side and delete the <<<<<<<, ======= and >>>>>>> lines, or "
                             "take one version whole: git checkout --ours (or --theirs) -- <file>")
