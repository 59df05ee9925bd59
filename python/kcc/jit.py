"""``@kcc.jit``: Triton-style just-in-time kernels compiled by libkcc.

A :class:`JITFunction` wraps a Python function whose own source (from its ``def`` line, as
Triton's ``JITFunction.src``) is handed to the compiler with its real filename and line offset, so
that diagnostics carry the user's line numbers, together with its *environment*: every free name
the source reads, looked up in the function's closure and globals when a variant is compiled
(constants, the language's modules, jit helpers with their own sources and environments; see
"the kernel's environment" below). Python never executes the kernel body.

Launch: ``kernel[grid](*args, **kwargs)``. Each launch

1. binds the arguments to the parameters (positional, keyword, defaults);
2. computes the *specialisation* of every runtime argument as Triton does - the signature type
   (``*fp32`` for a float32 tensor, ``i32``/``i64``/``u64`` for a Python int by range, ``fp32``
   for a float, ``i1`` for a bool, the annotation for ``x: tl.int64``), an int equal to 1 or
   ``None`` becoming a constexpr, and divisibility by 16 (a tensor's address, an int's value),
   passed to the compiler as the signature hint ``:16``;
3. looks the specialisation (plus the constexpr values, the launch options ``num_warps``,
   ``num_stages``, ``num_ctas`` and the target) up in an in-memory cache in front of the
   library's on-disk cache, compiling on a miss;
4. fills the pre-built ctypes argument array of that variant and calls ``kcc_launch``.

Launch options: as in Triton, the keyword arguments ``num_warps``, ``num_stages`` and ``num_ctas``
(defaults 4, 3, 1) are compile options (``num-warps``... of the C API); a keyword argument that
also names a kernel parameter (a ``num_stages: tl.constexpr``) sets both, as Triton's
``backend.parse_options(kwargs)`` does. The other GPU launch options are accepted and ignored.

Argument errors (count, dtype of an annotated parameter, missing constexpr, a non-pointer where
the kernel needs a pointer, a read-only numpy array for a pointer the kernel writes through)
raise ``TypeError``/``ValueError`` naming the parameter; compile errors raise
:class:`kcc.CompilationError` carrying the located diagnostics.
"""

import collections
import ctypes
import inspect
import math
import os
import sys
import textwrap
import threading
import types
import weakref

from . import _lib
from .errors import CompilationError, KccError
from .language import core as _core

__all__ = ["jit", "JITFunction", "KernelInterface", "CompiledKernel", "ArgumentTypeError",
           "ArgumentValueError", "ArgumentOverflowError", "reinterpret", "TensorWrapper",
           "LAUNCH_OPTIONS"]


class ArgumentTypeError(KccError, TypeError):
    """A kernel argument of the wrong kind (names the parameter)."""


class ArgumentValueError(KccError, ValueError):
    """A kernel argument with a bad value (names the parameter)."""


class ArgumentOverflowError(ArgumentValueError, OverflowError):
    """An int argument that fits in no 64-bit type; an ``OverflowError`` as in Triton."""


#: keyword arguments of a launch that are backend options: num_warps, num_stages and num_ctas are
#: compile options (see the module docstring), the others are accepted and ignored on CPUs
LAUNCH_OPTIONS = frozenset([
    "num_warps", "num_stages", "num_ctas", "maxnreg", "num_buffers_warp_spec",
    "num_consumer_groups", "reg_dec_producer", "reg_inc_consumer", "enable_fp_fusion",
    "launch_cooperative_grid", "launch_pdl", "waves_per_eu", "matrix_instr_nonkdim", "kpack",
    "enable_warp_specialization", "extern_libs", "stream", "device", "device_type",
    "sanitize_overflow", "arch", "instrumentation_mode", "target",
    # triton-cpu's: thread counts (kcc's launches use $KCC_NUM_THREADS threads) and
    # assume_in_bounds (kcc adds no bounds checks unless asked: check-bounds)
    "num_cpu_threads", "num_threads", "assume_in_bounds",
])

ArgumentTypeError.__module__ = ArgumentValueError.__module__ = "kcc"

#: the launch options that are compile options: (keyword, C API option key, Triton's default)
_LAUNCH_PARAMS = (("num_warps", "num-warps", 4), ("num_stages", "num-stages", 3),
                  ("num_ctas", "num-ctas", 1))
#: what a launch without num_warps= uses: $KCC_NUM_WARPS (read once, at import), else Triton's 4
def _env_num_warps():
    v = os.environ.get("KCC_NUM_WARPS") or "4"
    try:
        return int(v)
    except ValueError:
        raise KccError("KCC_NUM_WARPS=%r is not an integer (a power of two, 1..64)" % v) from None


_LAUNCH_DEFAULTS = (_env_num_warps(),) + tuple(d for _, _, d in _LAUNCH_PARAMS[1:])


def _launch_params(kwargs, kname):
    """(num_warps, num_stages, num_ctas) of a launch's keyword arguments (None: the default)."""
    if not kwargs:
        return _LAUNCH_DEFAULTS
    out = []
    for (name, _, _), default in zip(_LAUNCH_PARAMS, _LAUNCH_DEFAULTS):
        v = kwargs.get(name)
        if v is None:
            out.append(default)
            continue
        v = _core._unwrap(v)
        if isinstance(v, bool) or not hasattr(v, "__index__"):
            raise ArgumentTypeError("%s of %s() must be an int, got %s"
                                    % (name, kname, _describe(v)))
        out.append(v.__index__())
    return tuple(out)

_NODEFAULT = inspect.Parameter.empty

# ---- the target --------------------------------------------------------------------------------

_default_target = None  # set_default_target


def set_default_target(target):
    """Makes ``target`` ("cpu", "cpu:aarch64", "opencl", ...) the target of JIT launches that do not
    pass ``target=``; ``None`` restores the default (``$KCC_TARGET``, else "cpu"). The order:
    ``kernel[grid](..., target=T)``, then this, then ``$KCC_TARGET``, then "cpu"."""
    global _default_target
    if target is not None and not isinstance(target, str):
        raise ArgumentTypeError("set_default_target() takes a target name (str) or None, got %s"
                                % type(target).__name__)
    _default_target = target or None


def default_target():
    """The target of launches without ``target=`` (see :func:`set_default_target`)."""
    return _default_target or os.environ.get("KCC_TARGET") or "cpu"


# ---- dtypes of host arrays -------------------------------------------------------------------

_NP_SIG = {"float16": "fp16", "float32": "fp32", "float64": "fp64", "int8": "i8", "int16": "i16",
           "int32": "i32", "int64": "i64", "uint8": "u8", "uint16": "u16", "uint32": "u32",
           "uint64": "u64", "bool": "i1"}
_TORCH_SIG = {"torch.float16": "fp16", "torch.bfloat16": "bf16", "torch.float32": "fp32",
              "torch.float64": "fp64", "torch.int8": "i8", "torch.int16": "i16",
              "torch.int32": "i32", "torch.int64": "i64", "torch.uint8": "u8",
              "torch.uint16": "u16", "torch.uint32": "u32", "torch.uint64": "u64",
              "torch.bool": "i1", "torch.float8_e5m2": "fp8e5", "torch.float8_e4m3fn": "fp8e4nv"}
_dtype_sig_cache = {}


def _dtype_sig(dt, pname, kname):
    """Signature element type of an array/tensor dtype (numpy, torch or tl), cached per dtype."""
    try:
        return _dtype_sig_cache[dt]
    except (KeyError, TypeError):
        pass
    sig = None
    if isinstance(dt, _core.dtype):
        sig = dt.sig
    else:
        s = str(dt)
        if s in _TORCH_SIG:
            sig = _TORCH_SIG[s]
        else:
            np = sys.modules.get("numpy")
            if np is not None:
                try:
                    d = np.dtype(dt)
                    if d.byteorder not in ("=", "|") and d.byteorder != _native_order():
                        raise ArgumentTypeError("parameter '%s' of %s(): byte-swapped arrays are "
                                                "not supported (%s)" % (pname, kname, d))
                    sig = _NP_SIG.get(d.name)
                except TypeError:
                    sig = None
    if sig is None:
        raise ArgumentTypeError("parameter '%s' of %s(): arrays of dtype %s are not supported"
                                % (pname, kname, dt))
    try:
        _dtype_sig_cache[dt] = sig
    except TypeError:
        pass
    return sig


def _native_order():
    return "<" if sys.byteorder == "little" else ">"


class TensorWrapper:
    """``triton.reinterpret(tensor, dtype)``: the same memory seen with another element type."""

    def __init__(self, base, dtype):
        self.base = base
        self.dtype = dtype

    def data_ptr(self):
        return _pointer_of(self.base, "?", "?")[1]

    def __getattr__(self, name):
        return getattr(self.base, name)


def reinterpret(tensor, dtype):
    """Returns ``tensor`` viewed with element type ``dtype`` (a ``tl`` dtype) for kernel launches."""
    if isinstance(tensor, TensorWrapper):
        return tensor if dtype == tensor.dtype else TensorWrapper(tensor.base, dtype)
    return TensorWrapper(tensor, dtype)


def _pointer_of(v, pname, kname):
    """(signature, address) of an array-like kernel argument, or raises ArgumentTypeError."""
    tp = type(v)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(v, np.ndarray):
        return "*" + _dtype_sig(v.dtype, pname, kname), v.ctypes.data
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(v, torch.Tensor):
        if not v.is_cpu and _gpu_index(v) is None:
            raise ArgumentValueError("parameter '%s' of %s(): tensor is on device '%s'; kcc runs "
                                     "kernels on host memory, CUDA and ROCm GPUs"
                                     % (pname, kname, v.device))
        return "*" + _dtype_sig(v.dtype, pname, kname), v.data_ptr()
    if isinstance(v, TensorWrapper):
        return "*" + _dtype_sig(v.dtype, pname, kname), _pointer_of(v.base, pname, kname)[1]
    if hasattr(v, "data_ptr") and hasattr(v, "dtype"):  # Triton's duck-typed tensor protocol
        return "*" + _dtype_sig(v.dtype, pname, kname), int(v.data_ptr())
    if hasattr(v, "__array_interface__") or hasattr(v, "__array_struct__"):
        import numpy
        return _pointer_of(numpy.asarray(v), pname, kname)
    if hasattr(v, "__dlpack__"):
        try:
            import numpy
            return _pointer_of(numpy.from_dlpack(v), pname, kname)
        except (ImportError, AttributeError, TypeError, RuntimeError, BufferError):
            import torch.utils.dlpack
            return _pointer_of(torch.utils.dlpack.from_dlpack(v), pname, kname)
    raise ArgumentTypeError("parameter '%s' of %s(): unsupported argument of type %s (expected "
                            "a tensor/array, int, float, bool or None)"
                            % (pname, kname, tp.__name__))


# ---- GPU tensors ------------------------------------------------------------------------------
# torch tensors on a CUDA (or ROCm) device launch on that GPU by themselves, as in Triton: the
# tensors' device picks the target (nvidia:sm_XY of the GPU, amdgpu:gfxNNN on ROCm builds of
# torch), their data_ptr() go to the kernel as they are (no copies, kcc_launch_with with raw device
# pointers) and the launch is enqueued on torch's current stream of that device.
_GPU_FAMILY = {"nvidia": "cuda", "amdgpu": "hip", "dcu": "hip"}  # target -> driver family


def _gpu_index(v):
    """The CUDA/ROCm device index of tensor-like ``v`` (duck-typed: ``v.device.type == "cuda"``,
    as torch reports ROCm devices too), or None for host memory."""
    while isinstance(v, TensorWrapper):
        v = v.base
    dev = getattr(v, "device", None)
    if getattr(dev, "type", None) != "cuda" or not hasattr(v, "data_ptr"):
        return None
    return dev.index if dev.index is not None else 0


def _launch_gpu(bound, kname):
    """The GPU index every tensor argument of a launch is on, or None when none is on a GPU.
    Raises ArgumentValueError when tensors on a GPU are mixed with host arrays or other GPUs."""
    gpu, host = None, None
    for pname, v in bound:
        if isinstance(v, (int, float, bool, str)) or v is None:
            continue
        idx = _gpu_index(v)
        if idx is None:
            if hasattr(v, "data_ptr") or hasattr(v, "__array_interface__"):
                host = host or pname
            continue
        if gpu is not None and idx != gpu[0]:
            raise ArgumentValueError("%s(): parameter '%s' is a tensor on cuda:%d and '%s' one on "
                                     "cuda:%d; a launch runs on one GPU"
                                     % (kname, gpu[1], gpu[0], pname, idx))
        gpu = gpu or (idx, pname)
    if gpu is not None and host is not None:
        raise ArgumentValueError("%s(): parameter '%s' is a tensor on cuda:%d but '%s' is in host "
                                 "memory; pass every tensor of a launch on the same device "
                                 "(.cuda() or .cpu())" % (kname, gpu[1], gpu[0], host))
    return None if gpu is None else gpu[0]


_gpu_targets = {}  # GPU index -> its target, asked of torch once


def _gpu_target(index):
    """The kcc target of torch's GPU ``index``: nvidia:sm_XY, or amdgpu:gfxNNN under ROCm."""
    target = _gpu_targets.get(index)
    if target is None:
        import torch
        if getattr(torch.version, "hip", None):
            arch = torch.cuda.get_device_properties(index).gcnArchName.split(":")[0]
            target = "amdgpu:" + arch
        else:
            target = "nvidia:sm_%d%d" % torch.cuda.get_device_capability(index)
        _gpu_targets[index] = target
    return target


def _gpu_stream(index):
    """torch's current stream of GPU ``index`` (a CUstream / hipStream_t as an int)."""
    import torch
    return torch.cuda.current_stream(index).cuda_stream


def _array_bytes(v):
    """Bytes from the data pointer of array-like ``v`` to the end of its memory, or -1 when
    unknown (check-bounds launches)."""
    try:
        while isinstance(v, TensorWrapper):
            v = v.base
        np = sys.modules.get("numpy")
        if np is not None and isinstance(v, np.ndarray):
            base = v
            while isinstance(getattr(base, "base", None), np.ndarray):
                base = base.base
            if base.flags.c_contiguous or base.flags.f_contiguous:
                return base.ctypes.data + base.nbytes - v.ctypes.data
            return -1
        torch = sys.modules.get("torch")
        if torch is not None and isinstance(v, torch.Tensor):
            st = v.untyped_storage()
            return st.data_ptr() + st.nbytes() - v.data_ptr()
    except (AttributeError, TypeError, ValueError, RuntimeError):
        pass
    return -1


def _host_span(v, pname, kname, target):
    """(address, bytes) of the host memory of array-like ``v`` that a device launch copies: a
    contiguous numpy array or CPU torch tensor (possibly through reinterpret()); anything else is
    refused with ArgumentTypeError / ArgumentValueError."""
    while isinstance(v, TensorWrapper):
        v = v.base
    if _gpu_index(v) is not None:
        raise ArgumentValueError("parameter '%s' of %s(): the tensor is on %s, not in host memory "
                                 "that the %s target copies to its device" % (pname, kname,
                                                                               v.device, target))
    np = sys.modules.get("numpy")
    torch = sys.modules.get("torch")
    if np is not None and not isinstance(v, np.ndarray) and (
            hasattr(v, "__array_interface__") or hasattr(v, "__array_struct__")):
        v = np.asarray(v)
    if np is not None and isinstance(v, np.ndarray):
        if not v.flags.c_contiguous:
            raise ArgumentValueError("parameter '%s' of %s(): the array is not contiguous; on the "
                                     "%s target arrays are copied to device buffers, so pass a "
                                     "contiguous one (numpy.ascontiguousarray)"
                                     % (pname, kname, target))
        return v.ctypes.data, v.nbytes
    if torch is not None and isinstance(v, torch.Tensor):
        if not v.is_contiguous():
            raise ArgumentValueError("parameter '%s' of %s(): the tensor is not contiguous; on the "
                                     "%s target tensors are copied to device buffers, so pass a "
                                     "contiguous one (.contiguous())" % (pname, kname, target))
        return v.data_ptr(), v.numel() * v.element_size()
    raise ArgumentTypeError("parameter '%s' of %s(): a %s cannot be copied to an %s device "
                            "buffer (pass a numpy array or a CPU torch tensor)"
                            % (pname, kname, type(v).__name__, target))


def _read_only(v):
    """Whether array-like ``v`` says its memory must not be written: a numpy array (or an object
    numpy sees through ``__array_interface__``) with ``flags.writeable`` False. Torch tensors and
    DLPack objects carry no such flag."""
    while isinstance(v, TensorWrapper):
        v = v.base
    np = sys.modules.get("numpy")
    if np is None:
        return False
    if isinstance(v, np.ndarray):
        return not v.flags.writeable
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(v, torch.Tensor):
        return False
    if hasattr(v, "data_ptr") and hasattr(v, "dtype"):
        return False
    if hasattr(v, "__array_interface__") or hasattr(v, "__array_struct__"):
        return not np.asarray(v).flags.writeable
    return False


# ---- per-argument specialisation ---------------------------------------------------------------
# A spec is a short tuple: (sig, aligned) for runtime values, ("constexpr", literal) for values
# that become constexprs (int == 1, None).

_SPEC_ONE = ("constexpr", "1")
_SPEC_NONE = ("constexpr", "None")


# ---- the signature types: the library's table (kcc_param_type), read once -----------------------

# ctypes type of each C type the table names (a fact of C, not of kcc)
_C_TO_CTYPES = {"int8_t": ctypes.c_int8, "int16_t": ctypes.c_int16, "int32_t": ctypes.c_int32,
                "int64_t": ctypes.c_int64, "uint8_t": ctypes.c_uint8, "uint16_t": ctypes.c_uint16,
                "uint32_t": ctypes.c_uint32, "uint64_t": ctypes.c_uint64, "float": ctypes.c_float,
                "double": ctypes.c_double, "void *": ctypes.c_void_p}


class _SigTypes:
    """What jit needs of the table: ``ctype`` (scalar spelling -> ctypes type of its launch
    value), ``int_ranges`` (integer and bool spellings -> (lo, hi)), ``floats`` (float
    spellings)."""

    def __init__(self, rows):
        self.ctype, self.int_ranges, self.floats = {}, {}, set()
        for r in rows:
            if r.kind == _lib.KIND_POINTER:
                continue
            ct = _C_TO_CTYPES.get(r.ctype)
            if ct is None or ctypes.sizeof(ct) != r.size:
                raise KccError("libkcc describes signature type %s as C type %s of %d bytes, "
                               "which kcc.jit cannot pass" % (r.name, r.ctype, r.size))
            self.ctype[r.name] = ct
            bits = 8 * r.size
            if r.kind == _lib.KIND_SINT:
                self.int_ranges[r.name] = (-2**(bits - 1), 2**(bits - 1) - 1)
            elif r.kind == _lib.KIND_UINT:
                self.int_ranges[r.name] = (0, 2**bits - 1)
            elif r.kind == _lib.KIND_BOOL:
                self.int_ranges[r.name] = (0, 1)
            elif r.kind == _lib.KIND_FLOAT:
                self.floats.add(r.name)


_sig_types = None


def _types():
    """The signature types of the loaded library (read at the first use)."""
    global _sig_types
    if _sig_types is None:
        _sig_types = _SigTypes(_lib.param_types())
    return _sig_types


def _int_sig(v):
    if -2147483648 <= v <= 2147483647:
        return "i32"
    if -9223372036854775808 <= v <= 9223372036854775807:
        return "i64"
    if 0 <= v <= 18446744073709551615:
        return "u64"
    return None


class KernelParam:
    """One parameter of a kernel: name, position, constexpr-ness, forced type, default."""

    __slots__ = ("name", "index", "is_constexpr", "forced", "default", "specialize", "align")

    def __init__(self, p, index, dns, dnsa):
        self.name = p.name
        self.index = index
        self.default = p.default
        self.is_constexpr, self.forced = _parse_annotation(p.annotation)
        self.specialize = not (p.name in dns or index in dns)
        # as Triton: do_not_specialize also drops the divisibility specialisation
        self.align = self.specialize and not (p.name in dnsa or index in dnsa)

    @property
    def num(self):
        """Triton's name for the parameter's position."""
        return self.index

    @property
    def do_not_specialize(self):
        return not self.specialize

    @property
    def do_not_specialize_on_alignment(self):
        return not self.align

    def spec(self, v, kname):
        """(spec, value) of a runtime argument; value is what goes to the launch slot."""
        tp = type(v)
        if self.forced is not None:
            return self._forced_spec(v, kname)
        if tp is int:
            if v == 1 and self.specialize:
                return _SPEC_ONE, None
            sig = _int_sig(v)
            if sig is None:
                raise ArgumentOverflowError("parameter '%s' of %s(): integer %d does not fit in "
                                            "64 bits" % (self.name, kname, v))
            return (sig, self.align and v % 16 == 0), v
        if tp is float:
            return ("fp32", False), v
        if tp is bool:
            return ("i1", False), v
        if v is None:
            return _SPEC_NONE, None
        np = sys.modules.get("numpy")
        if np is not None and isinstance(v, np.generic):  # numpy scalars
            if isinstance(v, np.bool_):
                return self.spec(bool(v), kname)
            if isinstance(v, np.integer):
                return self.spec(int(v), kname)
            if isinstance(v, np.floating):
                return self.spec(float(v), kname)
        if isinstance(v, bool):
            return self.spec(bool(v), kname)
        if isinstance(v, int):
            return self.spec(int(v), kname)
        if isinstance(v, float):
            return self.spec(float(v), kname)
        if isinstance(v, (list, tuple, dict, set, str, bytes, complex)):
            raise ArgumentTypeError("parameter '%s' of %s(): a %s is not a valid kernel argument "
                                    "(pass a tensor/array for pointers, or a scalar; lists are "
                                    "only allowed for tl.constexpr parameters)"
                                    % (self.name, kname, tp.__name__))
        sig, ptr = _pointer_of(v, self.name, kname)
        return (sig, self.align and ptr % 16 == 0), ptr

    def _forced_spec(self, v, kname):
        sig = self.forced
        np = sys.modules.get("numpy")
        if np is not None and isinstance(v, np.generic):
            v = v.item()
        if sig.startswith("*"):
            if v is None:
                return _SPEC_NONE, None
            got, ptr = _pointer_of(v, self.name, kname)
            return (sig, self.align and ptr % 16 == 0), ptr
        types = _types()
        if isinstance(v, bool) or (isinstance(v, int) and sig != "i1"):
            v = int(v)
            if sig in types.floats:
                return (sig, False), float(v)
            lo, hi = types.int_ranges[sig]
            if not lo <= v <= hi:
                raise ArgumentValueError("parameter '%s' of %s(): %d is out of range for its "
                                         "annotated type %s" % (self.name, kname, v, sig))
            if v == 1 and self.specialize and sig != "i1":
                return _SPEC_ONE, None
            return (sig, self.align and v % 16 == 0), v
        if isinstance(v, float) and sig in types.floats:
            return (sig, False), v
        raise ArgumentTypeError("parameter '%s' of %s() is annotated %s but got %s"
                                % (self.name, kname, sig, _describe(v)))


def _describe(v):
    if v is None or isinstance(v, (bool, int, float)):
        return "%s %r" % (type(v).__name__, v)
    dt = getattr(v, "dtype", None)
    return "%s%s" % (type(v).__name__, " of dtype %s" % dt if dt is not None else "")


def _parse_annotation(ann):
    """(is_constexpr, forced signature type or None) of a parameter annotation."""
    if ann is _NODEFAULT or ann is None:
        return False, None
    if isinstance(ann, str):
        last = ann.strip().rsplit(".", 1)[-1]
        if last == "constexpr":  # tl.const (a read-only pointer) is a runtime parameter
            return True, None
        dt = _core.DTYPES_BY_NAME.get(last)
        return False, (dt.sig if dt is not None and last != "void" else None)
    if ann is _core.constexpr or isinstance(ann, _core.constexpr):
        return True, None
    if isinstance(ann, _core.dtype):
        return False, ann.sig if not ann.is_void() else None
    if getattr(ann, "__name__", None) == "constexpr":  # another Triton's constexpr class
        return True, None
    name = getattr(ann, "name", None)
    if isinstance(name, str) and name in _core.DTYPES_BY_NAME:
        return False, _core.DTYPES_BY_NAME[name].sig
    return False, None


# ---- constexpr literals ------------------------------------------------------------------------

def constexpr_literal(v, pname="?", kname="?"):
    """The Python literal for a ``define`` of constexpr value ``v``."""
    v = _core._unwrap(v)
    if v is None or isinstance(v, (bool, str)):
        return repr(v)
    if isinstance(v, int):
        return repr(int(v))
    if isinstance(v, float):
        if math.isinf(v):
            return "1e999" if v > 0 else "-1e999"
        if math.isnan(v):
            return "float('nan')"
        return repr(float(v))
    if isinstance(v, _core.dtype):
        return v.literal()
    if isinstance(v, (tuple, list)):
        items = [constexpr_literal(x, pname, kname) for x in v]
        return "(%s)" % (items[0] + "," if len(items) == 1 else ", ".join(items))
    if isinstance(v, JITFunction):
        return v.__name__
    s = str(v)
    if s in _TORCH_SIG:
        return _core.DTYPES_BY_NAME[_TORCH_SIG[s]].literal()
    np = sys.modules.get("numpy")
    if np is not None:
        if isinstance(v, np.generic):
            return constexpr_literal(v.item(), pname, kname)
        if isinstance(v, (np.dtype, type)):
            try:
                return _core.DTYPES_BY_NAME[_NP_SIG[np.dtype(v).name]].literal()
            except (KeyError, TypeError):
                pass
    raise ArgumentTypeError("constexpr parameter '%s' of %s(): cannot pass %s as a compile-time "
                            "constant" % (pname, kname, _describe(v)))


def _cx_key(v):
    # True == 1 == 1.0 hash alike; the type keeps their variants apart
    try:
        hash(v)
        return (v.__class__, v)
    except TypeError:
        return (v.__class__, repr(v))


# ---- compiled variants -------------------------------------------------------------------------

def _fp16_bits(x):
    import struct
    return struct.unpack("<H", struct.pack("<e", float(x)))[0]


def _bf16_bits(x):
    import struct
    b = struct.unpack("<I", struct.pack("<f", float(x)))[0]
    if (b & 0x7F800000) == 0x7F800000 and (b & 0x7FFFFF):
        return 0x7FC0
    return ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) & 0xFFFF


_CONVERT = {"fp16": _fp16_bits, "bf16": _bf16_bits, "i1": lambda v: 1 if v else 0}


class _Metadata(types.SimpleNamespace):
    pass


class CompiledKernel:
    """One compiled specialisation of a :class:`JITFunction` (what ``kernel[grid](...)`` returns).

    Attributes: ``name``, ``params`` (runtime parameters as ``(name, type)`` pairs, after
    specialisation), ``signature`` and ``constants`` (what was passed to the compiler), ``asm``
    (a lazy mapping stage -> text: ``kir``, ``llvm``, ``asm``...), ``metadata``. ``n_regs`` and
    ``metadata.shared`` are GPU notions kept for Triton host code: 1 (nominal, so that the
    occupancy formulas of Triton programs, ``max_num_regs // (n_regs * ...)`` and
    ``max_shared_mem // shared``, are defined and bounded by the device properties);
    ``n_spills`` is 0."""

    def __init__(self, jit_fn, kernel, key, signature, constants, target,
                 launch=_LAUNCH_DEFAULTS):
        self.fn = jit_fn
        self.kernel = kernel
        self.key = key
        self.name = kernel.name
        self.params = kernel.params
        self.signature = signature
        self.constants = constants
        self.target = target
        self.n_regs = 1
        self.n_spills = 0
        self.num_warps, self.num_stages, self.num_ctas = launch
        self.metadata = _Metadata(name=self.name, shared=1, num_warps=launch[0],
                                  num_stages=launch[1], num_ctas=launch[2], target=target,
                                  constants=constants)
        self.asm = _LazyAsm(kernel)
        self.launches = 0
        # ctypes storage for each runtime parameter of the compiled kernel, and `void *args[]`
        n = len(kernel.params)
        self._objs = []
        self._slots = []  # (ctypes object, index into the runtime-value list, converter)
        self._args = (ctypes.c_void_p * max(n, 1))()
        self._grid = (ctypes.c_uint * 3)()
        self._diag = ctypes.c_void_p()
        pos = {name: i for i, name in enumerate(jit_fn._runtime_names)}
        for i, (pname, ptype) in enumerate(kernel.params):
            if pname not in pos:
                raise KccError("compiled kernel %s has an unexpected parameter '%s'"
                               % (self.name, pname))
            if ptype.startswith("*"):
                obj, conv = ctypes.c_void_p(), None
            else:
                ct = _types().ctype.get(ptype)
                if ct is None:
                    raise KccError("parameter '%s' of %s has unsupported type %s"
                                   % (pname, self.name, ptype))
                obj, conv = ct(), _CONVERT.get(ptype)
            self._objs.append(obj)
            self._args[i] = ctypes.addressof(obj)
            self._slots.append((obj, pos[pname], conv))
        self._handle = kernel.handle
        self._launch = _lib.library().kcc_launch
        self._grid_addr = ctypes.addressof(self._grid)
        self._args_addr = ctypes.addressof(self._args)
        self._diag_addr = ctypes.addressof(self._diag)
        self._lock = threading.Lock()
        self._sizes = None  # check-bounds: ctypes int64 array sizes (_use_sizes)
        # (index among the bound arguments, name) of each pointer parameter the kernel may write
        # through (kcc-meta "writes"): a read-only array there is refused before launching
        written = getattr(kernel, "writes", ())
        self._written = tuple((jit_fn._index[pname], pname) for pname, _ in kernel.params
                              if pname in written and pname in jit_fn._index)
        self.device_target = getattr(kernel, "device_target", None)
        if self.device_target:  # a device (SIMT) kernel: arrays go through device buffers
            self._run = self._run_device
            # (slot, index among the bound arguments, name, written) of each pointer parameter
            self._pointers = tuple((obj, jit_fn._index[pname], pname, pname in written)
                                   for (obj, _, _), (pname, ptype) in zip(self._slots,
                                                                          kernel.params)
                                   if ptype.startswith("*"))
            self._launch_on = _lib.library().kcc_launch_on
            self._launch_with = _lib.library().kcc_launch_with
            self._gpu_opts = _lib.LaunchOptions(device_pointers=1)
        _with_locks.add(self)

    def _check_writable(self, bound):
        """Raises ArgumentValueError when a read-only array is passed for a pointer the kernel
        writes through (the launch would write memory its owner marked read-only)."""
        for i, pname in self._written:
            if _read_only(bound[i]):
                raise ArgumentValueError(
                    "parameter '%s' of %s(): the array is read-only (flags.writeable is False) "
                    "but kernel '%s' writes through this pointer; pass a writeable array (e.g. "
                    "a copy)" % (pname, self.fn.__name__, self.name))

    def _use_sizes(self):
        """Compiled with check-bounds: launches pass each pointer argument's array size in bytes
        (kcc_launch_sized)."""
        n = len(self.kernel.params)
        self._sizes = (ctypes.c_int64 * max(n, 1))()
        self._sized = [(i, self.fn._index.get(pname)) for i, (pname, ptype)
                       in enumerate(self.kernel.params) if ptype.startswith("*")]
        self._launch_sized = _lib.library().kcc_launch_sized

    def _fill(self, g0, g1, g2, values):
        """With the lock held: the argument slots from ``values`` and the grid."""
        for obj, j, conv in self._slots:
            obj.value = values[j] if conv is None else conv(values[j])
        grid = self._grid
        grid[0] = g0
        grid[1] = g1
        grid[2] = g2

    def _run(self, g0, g1, g2, values, bound=None, gpu=None):
        """Fills the argument slots from ``values`` (runtime values in parameter order, None for
        specialised ones) and launches over the grid (g0, g1, g2). ``bound``: the bound
        arguments, for the array sizes of a check-bounds kernel."""
        _lib.cancel_on_sigint()
        with self._lock:
            self._fill(g0, g1, g2, values)
            if self._sizes is not None:
                for i, b in self._sized:
                    self._sizes[i] = _array_bytes(bound[b]) if bound is not None and \
                        b is not None else -1
                st = self._launch_sized(self._handle, self._grid_addr, self._args_addr,
                                        ctypes.addressof(self._sizes), self._diag_addr)
            else:
                st = self._launch(self._handle, self._grid_addr, self._args_addr,
                                  self._diag_addr)
            if st:
                diag, self._diag.value = self._diag.value, None
                if st == _lib.KCC_ERR_CANCELLED:  # Ctrl-C: KeyboardInterrupt now
                    _lib.raise_cancelled(diag, "launch of %s" % self.name)
                _lib._raise(st, ctypes.c_void_p(diag), "launch of %s" % self.name)
        self.launches += 1

    def _run_device(self, g0, g1, g2, values, bound=None, gpu=None):
        """``_run`` of a device kernel: every array argument is copied into a new buffer of the
        default device of the kernel's family (one buffer per distinct array), the kernel runs
        there (kcc_launch_on), the buffers of the parameters it writes are copied back, and all
        are freed. (Simple and correct first: no buffer reuse between launches.) ``gpu``: the GPU
        the tensors are on, when the caller knows (JITFunction.run); else looked up here."""
        kname = self.fn.__name__
        if gpu is None and self.device_target in ("cuda", "hip") and bound is not None:
            gpu = _launch_gpu(((pname, bound[b]) for _, b, pname, _ in self._pointers), kname)
        if gpu is not None:
            return self._run_gpu(g0, g1, g2, values, gpu)
        _lib.cancel_on_sigint()
        dev = _lib.default_device(self.device_target)
        with self._lock:
            for obj, j, conv in self._slots:
                obj.value = values[j] if conv is None else conv(values[j])
            bufs = {}  # (address, nbytes) -> [buffer, written]
            try:
                for obj, b, pname, writes in self._pointers:
                    addr, nbytes = _host_span(bound[b], pname, kname, self.device_target)
                    ent = bufs.get((addr, nbytes))
                    if ent is None:
                        ent = bufs[(addr, nbytes)] = [dev.buffer(nbytes), False]
                        dev.write(ent[0], addr, nbytes)
                    ent[1] = ent[1] or writes
                    obj.value = ent[0]
                grid = self._grid
                grid[0] = g0
                grid[1] = g1
                grid[2] = g2
                st = self._launch_on(self._handle, dev.handle, self._grid_addr, self._args_addr,
                                     None, self._diag_addr)
                if st:
                    diag, self._diag.value = self._diag.value, None
                    _lib._raise(st, ctypes.c_void_p(diag), "launch of %s" % self.name)
                for (addr, nbytes), (buf, written) in bufs.items():
                    if written:
                        dev.read(buf, addr, nbytes)
            finally:
                for buf, _ in bufs.values():
                    dev.free(buf)
        self.launches += 1

    def _run_gpu(self, g0, g1, g2, values, gpu):
        """``_run`` of tensors on GPU ``gpu``: their data_ptr() go to the kernel as they are, and
        the launch is enqueued on torch's current stream of that GPU without waiting (as Triton
        launches)."""
        dev = _lib.default_device(self.device_target, gpu)
        with self._lock:
            self._fill(g0, g1, g2, values)
            opts = self._gpu_opts
            opts.device = dev.handle
            opts.stream = _gpu_stream(gpu)
            st = self._launch_with(self._handle, self._grid_addr, self._args_addr,
                                   ctypes.addressof(opts), self._diag_addr)
            if st:
                diag, self._diag.value = self._diag.value, None
                _lib._raise(st, ctypes.c_void_p(diag), "launch of %s" % self.name)
        self.launches += 1

    def _init_handles(self):
        """No-op (Triton loads GPU modules here)."""

    def __getitem__(self, grid):
        """``compiled[grid](*args)``: launches this variant with the kernel's full argument list
        (constexpr values are ignored: they were fixed at compile time)."""
        def launcher(*args, **kwargs):
            try:
                bound, _ = self.fn._bind(args, kwargs)
                values = [None] * len(self.fn._runtime)
                for j, p in enumerate(self.fn._runtime):
                    values[j] = p.spec(bound[p.index], self.fn.__name__)[1]
                if "torch" in sys.modules and self.device_target not in ("cuda", "hip"):
                    gpu = _launch_gpu(((p.name, bound[p.index]) for p in self.fn._runtime),
                                      self.fn.__name__)
                    if gpu is not None:
                        raise ArgumentValueError(
                            "%s(): the tensors are on cuda:%d, but this variant was compiled for "
                            "%s" % (self.fn.__name__, gpu, self.target))
                g = _normalize_grid(grid, self.fn, bound, kwargs)
                if g is not None:
                    if self._written:
                        self._check_writable(bound)
                    self._run(g[0], g[1], g[2], values, bound)
                return self
            except KccError as e:
                raise e.with_traceback(None) from None
        return launcher

    def __repr__(self):
        return "<kcc.CompiledKernel %s [%s]>" % (self.name, self.signature)


class _LazyAsm(collections.abc.Mapping):
    """``compiled.asm['llvm']``: stages produced on demand by kcc_kernel_emit; Triton's names
    (``ttir``, ``ttgir``, ``llir``) give kcc's matching stage."""

    STAGES = ("kir", "kir-loc", "mlir-llvm", "llvm", "asm", "header")

    def __init__(self, kernel):
        self._k = kernel

    #: Triton's stage names -> kcc's (Triton IR is kcc's kir; LLVM IR is llvm)
    TRITON_NAMES = {"ttir": "kir", "ttgir": "kir", "llir": "llvm"}

    def __getitem__(self, stage):
        stage = self.TRITON_NAMES.get(stage, stage)
        if stage not in self.STAGES and stage not in ("obj", "so"):
            raise KeyError(stage)
        data = self._k.emit(stage)
        return data if stage in ("obj", "so") else data.decode("utf-8", "replace")

    def __iter__(self):
        return iter(self.STAGES)

    def __len__(self):
        return len(self.STAGES)


#: the launcher's limits (kcc.h, kcc_launch): program ids are int32, the program count an int64
_MAX_GRID_DIM = 2**31 - 1
_MAX_PROGRAMS = 2**63 - 1


def _normalize_grid(grid, fn, bound, kwargs):
    """(g0, g1, g2) from a tuple or callable grid; None when the grid is empty (no programs)."""
    if callable(grid):
        meta = dict(zip(fn.arg_names, bound))
        for k, v in kwargs.items():
            meta.setdefault(k, v)
        grid = grid(meta)
    try:
        n = len(grid)
    except TypeError:
        if isinstance(grid, int):
            grid, n = (grid,), 1
        else:
            raise ArgumentTypeError("grid of %s() must be a tuple of 1 to 3 ints or a callable "
                                    "returning one, got %s" % (fn.__name__, type(grid).__name__))
    if not 1 <= n <= 3:
        raise ArgumentValueError("grid of %s() must have 1 to 3 dimensions, got %d"
                                 % (fn.__name__, n))
    g = [1, 1, 1]
    for i in range(n):
        x = grid[i]
        try:
            x = x.__index__()
        except AttributeError:
            raise ArgumentTypeError("grid of %s(): dimension %d must be an int, got %s"
                                    % (fn.__name__, i, type(x).__name__)) from None
        if not 0 <= x <= _MAX_GRID_DIM:
            raise ArgumentValueError("grid of %s(): dimension %d is %d, outside [0, 2**31)"
                                     % (fn.__name__, i, x))
        g[i] = x
    if g[0] == 0 or g[1] == 0 or g[2] == 0:
        return None  # as Triton's launcher: an empty grid runs nothing
    if g[0] * g[1] * g[2] > _MAX_PROGRAMS:
        raise ArgumentValueError("grid of %s(): (%d, %d, %d) is %d programs, more than 2**63-1"
                                 % (fn.__name__, g[0], g[1], g[2], g[0] * g[1] * g[2]))
    return g


# ---- tuple arguments ----------------------------------------------------------------------------
# A runtime parameter given a Python tuple is passed part by part, as the compiler takes it:
# parts named "t.0", "t.1.0"... (nested with more dots), each specialised as a parameter of its
# own; a part wrapped in tl.constexpr(...) (or a jit function) is a constexpr part ("-D t.1=3").
# The launch goes through a view of the kernel whose parameters are those parts (one view, with
# its own variant cache, per shape of the tuples).

def _tuple_shape(v):
    """The nesting of tuple ``v`` and which of its leaves are constexprs: ("c"|"r"|tuple, ...)."""
    return tuple(_tuple_shape(x) if isinstance(x, tuple) and x else
                 ("c" if _cx_part(x) else "r") for x in v)


def _cx_part(x):
    """Whether tuple part ``x`` is a constexpr: wrapped in tl.constexpr, a jit function, or an
    empty tuple (which has no runtime part to give)."""
    return isinstance(x, _core.constexpr) or _is_function_arg(x) or \
        (isinstance(x, tuple) and not x)


def _leaves(prefix, v, out):
    """Appends (dotted name, value) of each leaf of tuple ``v`` to ``out``."""
    for i, x in enumerate(v):
        name = "%s.%d" % (prefix, i)
        if isinstance(x, tuple) and x:
            _leaves(name, x, out)
        else:
            out.append((name, x))


def _part(parent, name, index, is_constexpr):
    """Parameter ``name`` (a part of ``parent``, or ``parent`` itself) at position ``index``."""
    part = KernelParam.__new__(KernelParam)
    for slot in KernelParam.__slots__:
        setattr(part, slot, getattr(parent, slot))
    part.name, part.index, part.is_constexpr = name, index, is_constexpr
    if name != parent.name:
        part.default, part.forced = _NODEFAULT, None
    return part


def _flat_view(jf, bound):
    """(view of ``jf`` whose parameters are the parts of its tuple arguments, flat values)."""
    shape = tuple(_tuple_shape(bound[p.index]) if isinstance(bound[p.index], tuple) and
                  not p.is_constexpr else None for p in jf.params)
    flat, params = [], []
    for p in jf.params:
        v = bound[p.index]
        leaves = [(p.name, v)]
        if shape[p.index]:
            leaves = []
            _leaves(p.name, v, leaves)
        for name, x in leaves:
            params.append(_part(p, name, len(flat), p.is_constexpr or _cx_part(x)))
            flat.append(_core._unwrap(x))
    views = jf.__dict__.setdefault("_tuple_views", {})
    view = views.get(shape)
    if view is None:
        view = object.__new__(JITFunction)
        view.__dict__.update(jf.__dict__)
        view.params = params
        view.arg_names = [p.name for p in params]
        view._index = {p.name: p.index for p in params}
        view._runtime = [p for p in params if not p.is_constexpr]
        view._runtime_names = [p.name for p in view._runtime]
        view._constexprs = [p for p in params if p.is_constexpr]
        view.constexprs = [p.index for p in view._constexprs]
        view._nparams = view._fast_nargs = len(params)
        view.cache, view._hits, view._misses = {}, 0, 0
        view._pointer_params = set()
        view._compile_lock = threading.RLock()
        _with_locks.add(view)
        views[shape] = view
    return view, flat


def _run_flat(jf, bound, grid, warmup, kwargs):
    """``jf.run`` of arguments some of which are tuples (see above)."""
    view, flat = _flat_view(jf, bound)
    if callable(grid):  # the grid function sees the arguments as given
        meta = dict(zip(jf.arg_names, bound))
        for k, v in kwargs.items():
            meta.setdefault(k, v)
        given = grid
        grid = lambda _: given(meta)  # noqa: E731
    # by name, so that a launch option that also names a parameter (num_stages) stays both
    args = dict(zip(view.arg_names, flat))
    args.update((k, v) for k, v in kwargs.items() if k not in jf._index)
    return JITFunction.run(view, grid=grid, warmup=warmup, **args)


# ---- fork ---------------------------------------------------------------------------------------
# A child forked while another thread of the parent held a kernel's lock (launching or compiling)
# would find it locked forever, as the thread that would release it does not exist there: the
# child makes every such lock anew. (libkcc's thread pool handles fork itself.)

_with_locks = weakref.WeakSet()  # JITFunctions and CompiledKernels


def _after_fork_in_child():
    for obj in list(_with_locks):
        if isinstance(obj, CompiledKernel):
            obj._lock = threading.Lock()
        else:
            obj._compile_lock = threading.RLock()


os.register_at_fork(after_in_child=_after_fork_in_child)


# ---- the kernel's environment ------------------------------------------------------------------
# As Triton, a kernel is compiled from its function's own source, and every free name it uses is
# resolved from the function's live globals and closure when it is compiled. The compiler gets
# them as options (kcc.h): ``global NAME=LITERAL``, ``module NAME=PATH``, ``jit NAME=FID`` with
# ``function FID=SOURCE`` / ``function-file FID=LINE:FILE`` for jit helpers (each with its own
# environment, its names prefixed ``FID:``), and ``opaque NAME=WHAT`` for values that cannot be
# constants (using one is a located compile error naming it).

def _function_source(fn, decorators=False):
    """(source from the ``def`` line on, dedented; file name; line offset of the def; indent) of
    a Python function, or (None, name, 0, 0) when Python cannot find its source. Decorators are
    left out as Triton's ``JITFunction.src`` leaves them out, unless ``decorators``."""
    name = "<%s>" % fn.__name__
    try:
        lines, start = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        return None, name, 0, 0
    try:
        name = inspect.getsourcefile(fn) or inspect.getfile(fn) or name
    except TypeError:
        pass
    first = 0
    for i, line in enumerate(lines if not decorators else ()):
        stripped = line.lstrip()
        if stripped.startswith("def ") or stripped.startswith("async def "):
            first = i
            break
    body = lines[first:]
    indent = len(body[0]) - len(body[0].lstrip()) if body else 0
    return textwrap.dedent("".join(body)), name, max(start - 1 + first, 0), indent


def _free_names(src):
    """The names a function's source reads that it does not bind itself (parameters,
    assignments, loop targets, imports), in order of first use."""
    import ast
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return []
    fn = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
              None)
    if fn is None:
        return []
    bound = set()
    a = fn.args
    for arg in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]:
        if arg is not None:
            bound.add(arg.arg)
    loads = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loads.append(node.id)
            else:
                bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for al in node.names:
                bound.add((al.asname or al.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn:
            bound.add(node.name)
    seen, out = set(), []
    for n in loads:
        if n not in bound and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def _live_values(fn):
    """name -> value of a function's closure cells and globals (closure first, as Python)."""
    cells = {}
    closure = getattr(fn, "__closure__", None) or ()
    for name, cell in zip(fn.__code__.co_freevars, closure):
        try:
            cells[name] = cell.cell_contents
        except ValueError:  # an empty cell: not assigned yet
            pass
    return cells, fn.__globals__


_LANG_PREFIXES = ("kcc.triton.language", "kcc.language", "triton.language")


def _module_path(mod):
    """The path the compiler knows a module by (``triton.language``, ``math``,
    ``triton.language.extra.libdevice``...), or None for modules that are not the language."""
    name = getattr(mod, "__name__", "")
    for p in _LANG_PREFIXES:
        if name == p or name.startswith(p + "."):
            return "triton.language" + name[len(p):]
    if name in ("kcc", "kcc.triton", "triton", "math"):
        return "triton" if name != "math" else "math"
    if name.endswith("libdevice"):
        return name
    return None


def _describe_global(v):
    """How an ``opaque`` entry describes a value that cannot be a constant."""
    if isinstance(v, types.ModuleType):
        return "the module '%s'" % v.__name__
    if isinstance(v, (types.FunctionType, types.BuiltinFunctionType)):
        return "the Python function '%s' (not a @jit function)" % getattr(v, "__qualname__", v)
    tp = type(v)
    mod = tp.__module__
    return "a %s" % (tp.__qualname__ if mod == "builtins" else "%s.%s" % (mod, tp.__qualname__))


class _Environment:
    """Builds the environment options of a kernel and of the jit helpers it reaches."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.opts = []
        self.ids = {}  # id(JITFunction) -> function id

    def function_id(self, obj, fn, source):
        """The id of jit function ``obj`` (a JITFunction, or a constexpr function: the Python
        function ``fn``), entering it with its ``source`` tuple and environment once."""
        fid = self.ids.get(id(obj))
        if fid is None:
            fid = "%s_%d" % (fn.__name__, len(self.ids))
            self.ids[id(obj)] = fid
            src, fname, line, _ = source
            if src is None:
                raise CompilationError("%s: cannot find the source of jit function %s (kernels and "
                                       "their helpers need retrievable source)"
                                       % (fname, fn.__name__))
            self.opts.append(("function", "%s=%s" % (fid, src)))
            self.opts.append(("function-file", "%s=%d:%s" % (fid, line, fname)))
            self.add(fn, src, fid + ":")
        return fid

    def add(self, fn, src, prefix):
        """Entries for the free names of ``src`` (the source of Python function ``fn``), named
        ``prefix``NAME."""
        cells, glob = _live_values(fn)
        for name in _free_names(src):
            if name in cells:
                v = cells[name]
            elif name in glob:
                v = glob[name]
            else:
                continue  # a Python builtin (range, min...) or undefined: the compiler says
            self.entry(prefix + name, v)

    def callable_id(self, v):
        """The function id of a jit or constexpr function ``v``, or None for other values."""
        cfn = _constexpr_function(v)
        if cfn is not None:  # run at compile time: its source keeps the decorator that says so
            return self.function_id(v, cfn, _function_source(cfn, decorators=True))
        v = _core._unwrap(v)
        if isinstance(v, JITFunction):
            return self.function_id(v, v.fn, v._source())
        return None

    def entry(self, key, v):
        opts = self.opts
        if _core._unwrap(v) is self.kernel:
            return  # the kernel naming itself: its own source says what it is
        fid = self.callable_id(v)
        if fid is not None:
            opts.append(("jit", "%s=%s" % (key, fid)))
            return
        v = _core._unwrap(v)
        if isinstance(v, types.ModuleType):
            path = _module_path(v)
        elif isinstance(v, _core._Builtin):  # tl.load imported as load, libdevice.tanh...
            path = "%s.%s" % (v._module, v.__name__)
        else:  # a member of the language: tl.zeros imported as zeros, tl.constexpr...
            member = getattr(v, "__name__", None) if callable(v) else None
            path = _module_path(sys.modules.get(getattr(v, "__module__", None) or ""))
            path = "%s.%s" % (path, member) if path is not None and member else None
        if path is not None:
            opts.append(("module", "%s=%s" % (key, path)))
            return
        try:
            opts.append(("global", "%s=%s" % (key, constexpr_literal(v))))
            return
        except (KccError, TypeError, ValueError):
            pass
        opts.append(("opaque", "%s=%s" % (key, _describe_global(v))))


def environment_options(jf, defines=()):
    """The environment options (kcc.h) of kernel ``jf`` as it is now, and ``defines`` (name,
    literal or jit function) as "define" options: a jit function passed as a constexpr argument
    is defined as the id of its "function" entry."""
    env = _Environment(jf)
    env.add(jf.fn, jf._source()[0], "")
    if not env.opts:
        # a kernel without free names: one entry still tells the compiler that the source is
        # the function's own (without its decorator), in an environment given here
        env.opts.append(("opaque", "__kcc_environment__=no free names"))
    opts = []
    for name, v in defines:
        if not isinstance(v, str):
            v = env.callable_id(v)
        opts.append(("define", "%s=%s" % (name, v)))
    return opts + env.opts


def _is_function_arg(v):
    """A jit or constexpr function passed as a constexpr argument (defined by its id)."""
    return isinstance(_core._unwrap(v), JITFunction) or _constexpr_function(v) is not None


class ConstexprFunction:
    """``@triton.constexpr_function``: a Python function kernels call at compile time on
    constexpr arguments (kcc interprets its source); callable on the host as itself."""

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = fn.__name__
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def constexpr_function(fn):
    """Decorator: marks ``fn`` as a constexpr function (see :class:`ConstexprFunction`)."""
    return ConstexprFunction(fn)


def _constexpr_function(v):
    """The Python function of a constexpr function (``@triton.constexpr_function``, or a
    function wrapped as ``@tl.constexpr``), or None."""
    if isinstance(v, ConstexprFunction):
        return v.fn
    if isinstance(v, _core.constexpr) and isinstance(v.value, types.FunctionType):
        return v.value
    return None


# ---- kernels -----------------------------------------------------------------------------------

CacheInfo = collections.namedtuple("CacheInfo", "hits misses variants")


class KernelInterface:
    """Anything launchable as ``obj[grid](*args, **kwargs)`` (JITFunction, Autotuner, Heuristics)."""

    def __getitem__(self, grid):
        def launcher(*args, **kwargs):
            try:
                return self.run(*args, grid=grid, **kwargs)
            except KccError as e:
                raise e.with_traceback(None) from None
        return launcher


class JITFunction(KernelInterface):
    """A kernel (or a device function) compiled by kcc. See the module docstring.

    ``cache_info()`` counts compiled variants; ``cache`` maps specialisation keys to
    :class:`CompiledKernel`; ``warmup(*args, grid=..., **kwargs)`` compiles without launching."""

    def __init__(self, fn, do_not_specialize=(), do_not_specialize_on_alignment=(), debug=None,
                 noinline=None, repr=None, launch_metadata=None):
        if not callable(fn) or not hasattr(fn, "__code__"):
            raise TypeError("kcc.jit expects a Python function, got %r" % (fn,))
        self.fn = fn
        self.__name__ = fn.__name__
        self.__qualname__ = getattr(fn, "__qualname__", fn.__name__)
        self.__doc__ = fn.__doc__
        self.__module__ = fn.__module__
        self.__wrapped__ = fn
        self.debug = debug
        self.noinline = noinline
        self.module = fn.__module__
        sig = inspect.signature(fn)
        dns = set(do_not_specialize or ())
        dnsa = set(do_not_specialize_on_alignment or ())
        self.params = [KernelParam(p, i, dns, dnsa) for i, p in enumerate(sig.parameters.values())]
        for p in sig.parameters.values():
            if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY, p.KEYWORD_ONLY):
                raise TypeError("kcc.jit: kernel %s cannot take *args/**kwargs" % fn.__name__)
        self.arg_names = [p.name for p in self.params]
        self._index = {p.name: p.index for p in self.params}
        self._runtime = [p for p in self.params if not p.is_constexpr]
        self._runtime_names = [p.name for p in self._runtime]
        self._constexprs = [p for p in self.params if p.is_constexpr]
        self.constexprs = [p.index for p in self._constexprs]
        self._nparams = len(self.params)
        self._fast_nargs = self._nparams  # positional-only call with every parameter
        self.cache = {}
        self._hits = 0
        self._misses = 0
        self._pointer_params = set()
        self._compile_lock = threading.RLock()
        _with_locks.add(self)
        self.src_file, self._file_text, self._line_offset, self._col_offset = _find_source(fn)
        # the source compiled: the function's own, from its def line (Triton's JITFunction.src)
        self._src, self._src_name, self._src_line, self._src_indent = _function_source(fn)
        self._hash = None
        self.starting_line_number = fn.__code__.co_firstlineno

    # -- the source and its environment (Triton's src / _unsafe_update_src / cache_key) --------
    @property
    def src(self):
        """The kernel's source from its ``def`` line, as compiled."""
        return self._src

    @src.setter
    def src(self, value):
        raise AttributeError("Cannot set attribute 'src' directly. Use '_unsafe_update_src()' "
                             "and manually clear `.hash` of all callers instead.")

    def _unsafe_update_src(self, new_src):
        """Replaces the source the kernel compiles from (Triton's escape hatch): the compiled
        variants are forgotten. Names in the new source resolve in the function's globals and
        closure as before."""
        with self._compile_lock:
            self._src = new_src
            self._hash = None
            self.cache.clear()

    def _source(self):
        """(source, file name, line offset, indent) handed to the compiler."""
        return self._src, self._src_name, self._src_line, self._src_indent

    @property
    def cache_key(self):
        """A hash of the source and of the environment it compiles in (the jit helpers' sources
        and environments included), as Triton's dependency hash; computed once, like
        Triton's, and forgotten by ``_unsafe_update_src``."""
        if self._hash is None:
            import hashlib
            h = hashlib.sha256((self._src or "").encode())
            for k, v in environment_options(self):
                h.update(b"\0%s\0%s" % (k.encode(), v.encode()))
            self._hash = h.hexdigest()
        return self._hash

    @property
    def hash(self):
        return self.cache_key

    @hash.setter
    def hash(self, value):
        self._hash = value

    # -- Python-level use ---------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        raise RuntimeError("%s is a kcc kernel: launch it as %s[grid](...), or call it from "
                           "another kernel" % (self.__name__, self.__name__))

    def __repr__(self):
        return "JITFunction(%s:%s)" % (self.module, self.__qualname__)

    def cache_info(self):
        """``CacheInfo(hits, misses, variants)`` of the in-memory specialisation cache."""
        return CacheInfo(self._hits, self._misses, len(self.cache))

    @property
    def device_caches(self):
        """Triton's per-device cache table: ``device_caches[device][0]`` is the variant cache
        (kcc keeps one for every device)."""
        return collections.defaultdict(lambda: (self.cache, None, None, None))

    def cache_clear(self):
        """Forgets every compiled variant (the on-disk cache is untouched)."""
        with self._compile_lock:
            self.cache.clear()
            self._hits = self._misses = 0

    # -- binding ------------------------------------------------------------------------------
    def _bind(self, args, kwargs):
        """(values of every parameter in order, launch options that were ignored)."""
        name = self.__name__
        nargs = len(args)
        if nargs > self._nparams:
            raise ArgumentTypeError("%s() takes %d arguments but %d were given"
                                    % (name, self._nparams, nargs))
        if not kwargs and nargs == self._nparams:
            return args, None
        bound = list(args) + [_NODEFAULT] * (self._nparams - nargs)
        options = None
        for k, v in kwargs.items():
            i = self._index.get(k)
            if i is None:
                if k in LAUNCH_OPTIONS:
                    if options is None:
                        options = {}
                    options[k] = v
                    continue
                raise ArgumentTypeError("%s() got an unexpected keyword argument '%s'" % (name, k))
            if i < nargs:
                raise ArgumentTypeError("%s() got multiple values for argument '%s'" % (name, k))
            bound[i] = v
        missing = []
        for p in self.params:
            if bound[p.index] is _NODEFAULT:
                if p.default is not _NODEFAULT:
                    bound[p.index] = _core._unwrap(p.default)
                else:
                    missing.append(p)
        if missing:
            cx = [p.name for p in missing if p.is_constexpr]
            rt = [p.name for p in missing if not p.is_constexpr]
            parts = []
            if rt:
                parts.append("argument%s %s" % ("s" if len(rt) > 1 else "",
                                                ", ".join("'%s'" % n for n in rt)))
            if cx:
                parts.append("constexpr%s %s" % ("s" if len(cx) > 1 else "",
                                                 ", ".join("'%s'" % n for n in cx)))
            raise ArgumentTypeError("%s() missing %s" % (name, " and ".join(parts)))
        return bound, options

    # -- launching ----------------------------------------------------------------------------
    def run(self, *args, grid, warmup=False, **kwargs):
        """Binds, specialises, compiles on a cache miss and (unless ``warmup``) launches."""
        bound, _options = self._bind(args, kwargs)
        name = self.__name__
        for p in self._runtime:
            if isinstance(bound[p.index], tuple):
                return _run_flat(self, bound, grid, warmup, kwargs)
        if _options is not None and _options.get("target"):
            target = _options["target"]
            if not isinstance(target, str):
                raise ArgumentTypeError("target of %s() must be a target name (str), got %s"
                                        % (name, _describe(target)))
        else:
            target = _default_target or os.environ.get("KCC_TARGET") or "cpu"
        gpu = _launch_gpu(((p.name, bound[p.index]) for p in self._runtime), name) \
            if "torch" in sys.modules else None
        if gpu is not None:
            target = self._gpu_target_of(target, gpu, _options is not None and
                                         _options.get("target"))
        key = [target, _launch_params(kwargs, name)]
        values = []
        for p in self._runtime:
            spec, val = p.spec(bound[p.index], name)
            key.append(spec)
            values.append(val)
        for p in self._constexprs:
            key.append(_cx_key(bound[p.index]))
        if os.environ.get("KCC_CHECK_BOUNDS") == "1":  # a variant of its own (last)
            key.append("check-bounds")
        key = tuple(key)
        compiled = self.cache.get(key)
        if compiled is None:
            compiled = self._compile(key, bound, target)
        else:
            self._hits += 1
        if warmup:
            return compiled
        g = _normalize_grid(grid, self, bound, kwargs)
        if g is not None:
            if compiled._written:
                compiled._check_writable(bound)
            compiled._run(g[0], g[1], g[2], values, bound, gpu)
        return compiled

    def _gpu_target_of(self, target, gpu, explicit):
        """The target of a launch on GPU ``gpu``: ``target`` when it names that GPU's family
        (``nvidia:sm_90`` chosen by hand), else the GPU's own; an explicit ``target=`` of another
        kind is an error."""
        own = _gpu_target(gpu)
        family = own[:own.index(":")]
        if target == family or target.startswith(family + ":"):
            return target
        if explicit:
            raise ArgumentValueError("%s(): the tensors are on cuda:%d, which runs the %s target, "
                                     "but target=%r was asked for" % (self.__name__, gpu, family,
                                                                      target))
        return own

    def warmup(self, *args, grid=(1,), **kwargs):
        """Compiles the variant these arguments select, without launching; returns it."""
        try:
            return self.run(*args, grid=grid, warmup=True, **kwargs)
        except KccError as e:
            raise e.with_traceback(None) from None

    # -- compiling ----------------------------------------------------------------------------
    def _options(self, signature, defines, target, launch=_LAUNCH_DEFAULTS):
        for p in self._constexprs:
            if not p.specialize:  # Triton refuses the contradiction when compiling
                raise CompilationError("%s:%d:1: error: %s marked as constexpr and listed in "
                                       "do_not_specialize" % (self._src_name,
                                                              self._src_line + 1, p.name))
        opts = [("kernel", self.__name__), ("target", target)]
        for (_, option, default), v in zip(_LAUNCH_PARAMS, launch):
            if v != default:
                opts.append((option, str(v)))
        if signature:
            opts.append(("signature", ",".join("%s=%s" % s for s in signature)))
        if self._src_line:
            opts.append(("line-offset", str(self._src_line)))
        if self._src_indent:
            opts.append(("col-offset", str(self._src_indent)))
        opts.extend(environment_options(self, defines))
        if self.debug or os.environ.get("KCC_DEBUG") == "1":
            opts.append(("debug", "1"))
        if self._check_bounds():
            opts.append(("check-bounds", "1"))
        return opts

    def _check_bounds(self):
        """Whether launches check every access against its array (debug=True or
        KCC_CHECK_BOUNDS=1): the "check-bounds" option."""
        return bool(self.debug) or os.environ.get("KCC_CHECK_BOUNDS") == "1"

    def _compile(self, key, bound, target):
        name = self.__name__
        with self._compile_lock:
            compiled = self.cache.get(key)
            if compiled is not None:
                self._hits += 1
                return compiled
            launch = key[1]
            signature, defines, scalars = [], [], []
            for p, spec in zip(self._runtime, key[2:2 + len(self._runtime)]):
                if spec[0] == "constexpr":
                    defines.append((p.name, spec[1]))
                else:
                    signature.append((p.name, spec[0] + ":16" if spec[1] else spec[0]))
                    if not spec[0].startswith("*"):
                        scalars.append(p)
            for p in self._constexprs:
                v = bound[p.index]
                defines.append((p.name, v if _is_function_arg(v) else
                                constexpr_literal(v, p.name, name)))
            opts = self._options(signature, defines, target, launch)
            try:
                kernel = self._compile_text(opts)
            except CompilationError:
                # a scalar where an earlier variant had a pointer is only wrong when this
                # variant does not compile: a constexpr may decide whether it is one
                # (test_mxfp8_mxfp4_matmul passes a_scale=128 with tensor_scale=False)
                seen = [p for p in scalars if p.name in self._pointer_params]
                bad = seen[0] if seen else self._find_pointer_param(signature, defines, target,
                                                                    scalars)
                if bad is not None:
                    raise ArgumentTypeError(
                        "parameter '%s' of %s() must be a pointer (pass a tensor or array), "
                        "got %s" % (bad.name, name, _describe(bound[bad.index]))) from None
                raise
            for pname, ptype in kernel.params:
                if ptype.startswith("*"):
                    self._pointer_params.add(pname)
            compiled = CompiledKernel(self, kernel, key, ",".join("%s=%s" % s for s in signature),
                                      dict(defines), target, launch)
            if ("check-bounds", "1") in opts:
                compiled._use_sizes()
            self.cache[key] = compiled
            self._misses += 1
            return compiled

    def _compile_text(self, opts, frontend_only=False):
        """Compiles the function's own source in the environment ``opts`` carries (its globals
        and closure as they are now); line numbers stay the user's (line-offset)."""
        if self._src is None:
            raise CompilationError("%s: cannot find the source of kernel %s"
                                   % (self._src_name, self.__name__))
        return _lib.compile_source(self._src_name, self._src, opts, frontend_only)

    def _find_pointer_param(self, signature, defines, target, scalars):
        """After a compile error: the scalar parameter that compiles when made a pointer."""
        for p in scalars[:8]:
            alt = [(n, ("*" + (t if t not in ("i1",) else "i8")) if n == p.name else t)
                   for n, t in signature]
            try:
                self._compile_text(self._options(alt, defines, target), frontend_only=True)
            except KccError:
                continue
            return p
        return None


def _find_source(fn):
    """(filename, text, line offset, column offset) to hand the compiler for ``fn``: the whole
    source file when there is one; otherwise the function's own source (dedented) behind the
    imports a kernel needs, with offsets that map diagnostics back to the original lines."""
    path = None
    try:
        path = inspect.getsourcefile(fn)
    except TypeError:
        pass
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return path, f.read(), 0, 0
    try:
        lines, start = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        raise TypeError("kcc.jit: cannot find the source of %s (kernels must be defined in a "
                        "file or have retrievable source)" % fn.__name__) from None
    src = "".join(lines)
    ded = textwrap.dedent(src)
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
    prelude = "import triton\nimport triton.language as tl\n"
    text = prelude + ded
    return (path or "<%s>" % fn.__name__), text, start - 1 - prelude.count("\n"), indent


def jit(fn=None, *, do_not_specialize=(), do_not_specialize_on_alignment=(), debug=None,
        noinline=None, repr=None, launch_metadata=None, **_ignored):
    """Decorator: ``@jit``, ``@jit(do_not_specialize=[...])`` or ``jit(fn)``."""
    def decorate(f):
        return JITFunction(f, do_not_specialize=do_not_specialize,
                           do_not_specialize_on_alignment=do_not_specialize_on_alignment,
                           debug=debug, noinline=noinline, repr=repr,
                           launch_metadata=launch_metadata)
    if fn is not None:
        return decorate(fn)
    return decorate
