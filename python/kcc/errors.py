"""Exceptions raised by kcc.

* :class:`CompilationError` (a :class:`TritonError`) - the kernel source is wrong; ``str(e)`` is
  the located diagnostic text of the compiler (``file.py:LINE:COL: error: ...``, the source line
  and a caret).
* :class:`UsageError` - a bad option (unknown target, malformed define...). A ``ValueError``.
* :class:`LaunchError` - loading or running compiled code failed. A ``RuntimeError``.
"""

import re

__all__ = ["KccError", "TritonError", "CompilationError", "CompileTimeAssertionFailure",
           "UnsupportedLanguageConstruct", "UsageError", "LaunchError"]

_LOC = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning|note): ", re.M)


class KccError(Exception):
    """Base class of every kcc error."""


class TritonError(KccError):
    """Triton's ``triton.TritonError``: the base of the compile errors (``except
    triton.TritonError`` in Triton code catches kcc's :class:`CompilationError`)."""


class CompilationError(TritonError):
    """A located compile error. Attributes: ``diagnostics`` (the full text), ``filename``,
    ``lineno`` and ``col`` of the first diagnostic (None when the text carries no location).

    ``CompilationError(text)`` gives the subclass Triton raises for that kind of error when the
    first diagnostic's message says which (:data:`_SUBCLASSES`): a failed ``tl.static_assert``
    is a :class:`CompileTimeAssertionFailure`."""

    def __new__(cls, diagnostics=""):
        if cls is CompilationError:
            m = _LOC.search(diagnostics)
            first = diagnostics[m.end():] if m else diagnostics
            for prefix, sub in _SUBCLASSES:
                if first.startswith(prefix):
                    cls = sub
                    break
        return super().__new__(cls, diagnostics)

    def __init__(self, diagnostics):
        text = diagnostics.rstrip("\n")
        super().__init__(text)
        self.diagnostics = text
        m = _LOC.search(text)
        self.filename = m.group("file") if m else None
        self.lineno = int(m.group("line")) if m else None
        self.col = int(m.group("col")) if m else None


class CompileTimeAssertionFailure(CompilationError):
    """A ``tl.static_assert`` that failed at compile time (Triton's name)."""


class UnsupportedLanguageConstruct(CompilationError):
    """Python syntax the kernel language does not have (Triton's name)."""


#: (start of the first diagnostic's message, the CompilationError subclass it means)
_SUBCLASSES = (
    ("static assertion failed", CompileTimeAssertionFailure),
    ("unsupported expression", UnsupportedLanguageConstruct),
    ("unsupported statement", UnsupportedLanguageConstruct),
)


class UsageError(KccError, ValueError):
    """An invalid option or argument handed to the library."""


class LaunchError(KccError, RuntimeError):
    """Loading or launching compiled code failed."""


for _cls in (KccError, TritonError, CompilationError, CompileTimeAssertionFailure,
             UnsupportedLanguageConstruct, UsageError, LaunchError):
    _cls.__module__ = "kcc"  # tracebacks read `kcc.CompilationError: file.py:3:5: error: ...`
