"""``triton.compiler.errors``: the compile errors Triton code catches and tests match on.
kcc's located compile errors are these classes (see :mod:`kcc.errors`): ``str(e)`` is the
diagnostic text, ``file.py:LINE:COL: error: ...`` with the source line and a caret."""

from ...errors import (CompilationError, CompileTimeAssertionFailure,  # noqa: F401
                       TritonError, UnsupportedLanguageConstruct)

__all__ = ["CompilationError", "CompileTimeAssertionFailure", "UnsupportedLanguageConstruct",
           "TritonError"]
