"""``kcc.triton``: a drop-in for the ``triton`` package, backed by kcc.

``import kcc.triton as triton`` and ``import kcc.triton.language as tl`` are the only changes a
Triton kernel file needs; ``python -m kcc.triton PROGRAM.py`` runs a program unchanged (``import
triton`` is this package there, see ``__main__.py``). Provided: ``jit``, ``autotune``,
``heuristics``, ``Config``, ``cdiv``, ``next_power_of_2``, ``reinterpret``, ``compile`` /
``compiler.ASTSource``, ``CompilationError`` (a ``TritonError``), ``set_allocator``, ``knobs``,
``language`` (``kcc.language``, also named ``kcc.triton.language``), ``testing`` (``do_bench``,
``perf_report``, ``Benchmark``, ``assert_close``), ``runtime`` (``driver``: kcc's CPU;
``jit``, ``errors``, ``_allocation``), ``compiler`` (``errors``), ``tools``
(``tensor_descriptor``) and ``profiler`` (a no-op).
"""

import sys as _sys

from . import _alias

# kcc.triton.language (and each of its submodules, imported now or later) is kcc.language: one
# set of objects under two names
_alias.add(__name__ + ".language", "kcc.language")

from .. import language  # noqa: E402
from .. import cdiv, next_power_of_2  # noqa: E402,F401
from ..autotuner import Autotuner, Config, Heuristics, autotune, heuristics  # noqa: E402,F401
from ..errors import CompilationError, KccError, TritonError  # noqa: E402,F401
from ..jit import (JITFunction, KernelInterface, constexpr_function, jit,  # noqa: E402,F401
                   reinterpret)
from .. import testing  # noqa: E402

_sys.modules[__name__ + ".testing"] = testing
from . import compiler, knobs, profiler, runtime, tools  # noqa: E402,F401
from .compiler import compile  # noqa: E402,F401
from .runtime._allocation import set_allocator  # noqa: E402,F401

__version__ = "3.2.0+kcc"


def must_use_result(x, s=True):
    """Triton's decorator for jit functions whose result must be used
    (``@must_use_result`` or ``@must_use_result("reason")``): marks the function
    (``_must_use_result``: True or the reason). kcc's compiler does not check it yet."""
    if isinstance(x, str):
        return lambda fn: must_use_result(fn, x)
    x._must_use_result = s
    return x


def aggregate(cls):
    """Triton's ``@triton.aggregate`` (a class whose instances kernels pass around as one
    value). The class is returned as it is, so modules defining aggregates import; kcc's
    compiler has no aggregate types, and a kernel using one fails with its located error."""
    cls._kcc_aggregate = True
    return cls

__all__ = ["jit", "autotune", "heuristics", "Config", "cdiv", "next_power_of_2", "reinterpret",
           "CompilationError", "TritonError", "knobs", "constexpr_function", "JITFunction",
           "KernelInterface", "Autotuner", "Heuristics", "compile", "set_allocator", "must_use_result",
           "aggregate",
           "language",
           "testing", "runtime", "compiler", "tools", "profiler"]
