"""Exceptions raised by kcc.

* :class:`CompilationError` (a :class:`TritonError`) - the kernel source is wrong; ``str(e)`` is
  the located diagnostic text of the compiler (``file.py:LINE:COL: error: ...``, the source line
  and a caret).
* :class:`UsageError` - a bad option (unknown target, malformed define...). A ``ValueError``.
* :class:`LaunchError` - loading or running compiled code failed. A ``RuntimeError``.
"""

import re

__all__ = ["KccError", "TritonError", "CompilationError", "UsageError", "LaunchError"]

_LOC = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning|note): ", re.M)


class KccError(Exception):
    """Base class of every kcc error."""


class TritonError(KccError):
    """Triton's ``triton.TritonError``: the base of the compile errors (``except
    triton.TritonError`` in Triton code catches kcc's :class:`CompilationError`)."""


class CompilationError(TritonError):
    """A located compile error. Attributes: ``diagnostics`` (the full text), ``filename``,
    ``lineno`` and ``col`` of the first diagnostic (None when the text carries no location)."""

    def __init__(self, diagnostics):
        text = diagnostics.rstrip("\n")
        super().__init__(text)
        self.diagnostics = text
        m = _LOC.search(text)
        self.filename = m.group("file") if m else None
        self.lineno = int(m.group("line")) if m else None
        self.col = int(m.group("col")) if m else None


class UsageError(KccError, ValueError):
    """An invalid option or argument handed to the library."""


class LaunchError(KccError, RuntimeError):
    """Loading or launching compiled code failed."""


for _cls in (KccError, TritonError, CompilationError, UsageError, LaunchError):
    _cls.__module__ = "kcc"  # tracebacks read `kcc.CompilationError: file.py:3:5: error: ...`
