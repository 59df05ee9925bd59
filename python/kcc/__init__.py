"""kcc: compile and run Triton kernels on CPUs, from Python.

A pure-Python package over ``libkcc.so`` (through ctypes; see ``kcc._lib``)::

    import kcc
    import kcc.language as tl          # or: import kcc.triton.language as tl

    @kcc.jit
    def add(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
        ...

    add[(kcc.cdiv(n, 1024),)](x, y, out, n, BLOCK=1024)

For existing Triton code, ``import kcc.triton as triton`` and ``import kcc.triton.language as tl``
are drop-in replacements (``triton.jit``, ``triton.autotune``, ``triton.heuristics``,
``triton.Config``, ``triton.testing.do_bench``, ``triton.cdiv``...).

Environment: ``KCC_LIBRARY`` (path of libkcc.so), ``KCC_TARGET`` (``cpu``, ``cpu:aarch64``,
``opencl``...; in code: ``kcc.set_default_target("opencl")`` or ``kernel[grid](..., target=...)``),
``KCC_DEVICE`` (index of the device of a device target, default 0), ``KCC_CACHE_DIR`` (on-disk
cache), ``KCC_NUM_THREADS`` (threads running a grid).

On a device target (``opencl``) numpy arrays and CPU torch tensors passed for pointer parameters
are copied into device buffers before the launch and, for the parameters the kernel writes, back
after it; they must be contiguous.
"""

from . import language
from ._lib import compile_source, library, library_path, load_kernel, version  # noqa: F401
from .autotuner import Autotuner, Config, Heuristics, autotune, heuristics
from .errors import CompilationError, KccError, LaunchError, TritonError, UsageError
from .jit import (ArgumentOverflowError, ArgumentTypeError, ArgumentValueError, CompiledKernel,
                  JITFunction, KernelInterface, default_target, jit, reinterpret, set_default_target)

__version__ = "0.1.0"

__all__ = ["jit", "JITFunction", "KernelInterface", "CompiledKernel", "autotune", "heuristics",
           "Config", "Autotuner", "Heuristics", "cdiv", "next_power_of_2", "reinterpret",
           "CompilationError", "TritonError", "KccError", "LaunchError", "UsageError",
           "ArgumentTypeError", "ArgumentValueError", "ArgumentOverflowError", "compile",
           "compile_source", "library", "library_path",
           "version", "language", "set_default_target", "default_target", "load_kernel"]


def cdiv(x, y):
    """Ceiling division: ``(x + y - 1) // y``."""
    return (x + y - 1) // y


def next_power_of_2(n):
    """The smallest power of two >= ``n`` (1 for n <= 1)."""
    n = int(n)
    return 1 if n <= 1 else 1 << (n - 1).bit_length()


def compile(path, kernel=None, signature=None, constants=None, target=None, source=None,
            frontend_only=False, **options):
    """Compiles kernel ``kernel`` of the file at ``path`` without the JIT (like ``kcc`` on the
    command line). ``signature``: ``'a=*fp32,n=i32'`` or a dict; ``constants``: dict of constexpr
    values (Python values, formatted as literals). Returns a ``kcc._lib.Kernel``."""
    from .jit import constexpr_literal
    if source is None:
        with open(path, encoding="utf-8") as f:
            source = f.read()
    opts = []
    if kernel:
        opts.append(("kernel", kernel))
    if signature:
        if isinstance(signature, dict):
            signature = ",".join("%s=%s" % kv for kv in signature.items())
        opts.append(("signature", signature))
    for k, v in (constants or {}).items():
        opts.append(("define", "%s=%s" % (k, constexpr_literal(v, k, kernel or path))))
    opts.append(("target", target or default_target()))
    for k, v in options.items():
        opts.append((k.replace("_", "-"), v))
    try:
        return compile_source(path, source, opts, frontend_only=frontend_only)
    except KccError as e:
        raise e.with_traceback(None) from None
