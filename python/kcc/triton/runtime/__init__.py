"""``triton.runtime`` on kcc: ``driver`` (the active driver: kcc's CPU, see :mod:`.driver`),
the kernel classes (``JITFunction``, ``KernelInterface``, ``Autotuner``, ``Heuristics``,
``Config``), ``jit`` (the module), ``errors`` (``OutOfResources``, ``InterpreterError``...) and ``_allocation``
(``set_allocator``)."""

from ...autotuner import Autotuner, Config, Heuristics, autotune, heuristics  # noqa: F401
from ...jit import JITFunction, KernelInterface  # noqa: F401
from . import _allocation, errors, jit  # noqa: F401  (triton.runtime.jit is the module)
from .driver import driver  # noqa: F401  (the module is the driver object, see driver.py)
from .errors import InterpreterError, OutOfResources  # noqa: F401

__all__ = ["driver", "JITFunction", "KernelInterface", "Autotuner", "Heuristics", "Config",
           "autotune", "heuristics", "jit", "OutOfResources", "InterpreterError", "errors"]
