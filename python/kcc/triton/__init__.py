"""``kcc.triton``: a drop-in for the ``triton`` package, backed by kcc.

``import kcc.triton as triton`` and ``import kcc.triton.language as tl`` are the only changes a
Triton kernel file needs. Provided: ``jit``, ``autotune``, ``heuristics``, ``Config``, ``cdiv``,
``next_power_of_2``, ``reinterpret``, ``CompilationError`` (a ``TritonError``), ``knobs`` (a
minimal settings namespace), ``testing`` (``do_bench``,
``perf_report``, ``Benchmark``, ``assert_close``), ``runtime`` (``driver.active`` describing the
CPU) and ``language`` (``kcc.language``, registered as ``kcc.triton.language``).
"""

import sys as _sys

from .. import language as _language
from .. import language
from .. import cdiv, next_power_of_2  # noqa: F401
from ..autotuner import Autotuner, Config, Heuristics, autotune, heuristics  # noqa: F401
from ..errors import CompilationError, KccError, TritonError  # noqa: F401
from ..jit import JITFunction, KernelInterface, constexpr_function, jit, reinterpret  # noqa: F401


def _alias(src_name, dst_name):
    for name, mod in list(_sys.modules.items()):
        if name == src_name or name.startswith(src_name + "."):
            _sys.modules[dst_name + name[len(src_name):]] = mod


# kcc.triton.language (and its submodules) are kcc.language, one set of objects under two names
_alias(_language.__name__, __name__ + ".language")

from .. import runtime, testing  # noqa: E402
from . import knobs  # noqa: E402
_sys.modules[__name__ + ".runtime"] = runtime
_sys.modules[__name__ + ".testing"] = testing

__version__ = "3.2.0+kcc"

__all__ = ["jit", "autotune", "heuristics", "Config", "cdiv", "next_power_of_2", "reinterpret",
           "CompilationError", "TritonError", "knobs", "constexpr_function", "JITFunction", "KernelInterface", "Autotuner", "Heuristics",
           "language", "testing", "runtime"]
