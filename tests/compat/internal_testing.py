"""Test-suite glue: what Triton's unit tests import from ``triton._internal_testing`` (a
test-helper module of the triton package, not part of its language or runtime), written for
kcc.triton on the CPU. triton_conftest.py registers it under that name.

The target predicates answer for kcc's CPU: ``is_cpu()`` is true, every GPU predicate false.
The array helpers build numpy test data and move it to torch (unsigned types as a reinterpreted
signed tensor, as Triton's tests expect)."""

import os
import re

import numpy as np
import torch
from numpy.random import RandomState

import triton
import triton.language as tl
from triton.runtime.jit import TensorWrapper, reinterpret, type_canonicalisation_dict

int_dtypes = ["int8", "int16", "int32", "int64"]
uint_dtypes = ["uint8", "uint16", "uint32", "uint64"]
integral_dtypes = int_dtypes + uint_dtypes
float_dtypes = ["float16", "float32", "float64"]
float_dtypes_with_bfloat16 = float_dtypes + ["bfloat16"]
dtypes = integral_dtypes + float_dtypes
dtypes_with_bfloat16 = dtypes + ["bfloat16"]
torch_float8_dtypes = ["float8_e4m3fn", "float8_e5m2"]
torch_dtypes = ["bool"] + int_dtypes + ["uint8"] + float_dtypes + ["bfloat16"]
tma_dtypes = sorted(set(dtypes_with_bfloat16) - {"int64", "uint64", "float64"})


def is_interpreter():
    return os.environ.get("TRITON_INTERPRET", "0") == "1"


def get_current_target():
    return triton.runtime.driver.active.get_current_target()


def is_cpu():
    return get_current_target().backend == "cpu"


def _never():
    return False


# GPU generations and vendors: none of them is kcc's CPU
for _name in ("is_cuda", "is_hip", "is_xpu", "is_ampere_or_newer", "is_hopper",
              "is_hopper_or_newer", "is_blackwell", "is_blackwell_ultra", "is_sm12x",
              "is_hip_cdna", "is_hip_cdna2", "is_hip_cdna3", "is_hip_cdna4",
              "is_hip_cdna3_or_newer", "is_hip_rdna", "is_hip_rdna3", "is_hip_rdna4",
              "is_hip_gfx1250", "supports_tma", "supports_ws"):
    globals()[_name] = _never


def tma_skip_msg(byval_only=False):
    return "TMA needs an NVIDIA GPU"


def get_hip_lds_size():
    return 65536


def numpy_random(shape, dtype_str, rs=None, low=None, high=None):
    """Random test data of ``dtype_str`` (never 0 for integers, so divisions are defined)."""
    shape = (shape,) if isinstance(shape, int) else shape
    rs = rs if rs is not None else RandomState(seed=17)
    if dtype_str in integral_dtypes:
        info = np.iinfo(getattr(np, dtype_str))
        lo = info.min if low is None else max(low, info.min)
        hi = info.max if high is None else min(high, info.max)
        x = rs.randint(lo, hi, shape, dtype=getattr(np, dtype_str))
        x[x == 0] = 1
        return x
    if dtype_str and "float8" in dtype_str:
        return rs.randint(20, 40, shape, dtype=np.int8)
    if dtype_str in float_dtypes:
        return rs.normal(0, 1, shape).astype(dtype_str)
    if dtype_str == "bfloat16":
        bits = rs.normal(0, 1, shape).astype("float32").view("uint32")
        return (bits & np.uint32(0xFFFF0000)).view("float32")
    if dtype_str in ("bool", "int1", "bool_"):
        return rs.normal(0, 1, shape) > 0.0
    raise RuntimeError("numpy_random: unknown dtype %s" % dtype_str)


def to_triton(x, device, dst_type=None):
    """A torch tensor of numpy array ``x`` (unsigned and fp8 as reinterpreted tensors)."""
    name = x.dtype.name
    if name in uint_dtypes:
        signed = x.astype(getattr(np, name[1:]))
        return reinterpret(torch.tensor(signed, device=device), getattr(tl, name))
    if dst_type and "float8" in dst_type:
        return reinterpret(torch.tensor(x, device=device), getattr(tl, dst_type))
    if name == "float32" and dst_type == "bfloat16":
        return torch.tensor(x, device=device).bfloat16()
    return torch.tensor(x, device=device)


def str_to_triton_dtype(x):
    return tl.str_to_ty(type_canonicalisation_dict[x], None)


def torch_dtype_name(dtype):
    if isinstance(dtype, tl.dtype):
        return dtype.name
    if isinstance(dtype, torch.dtype):
        return re.match(r"^torch\.(\w+)$", str(dtype)).group(1)
    raise TypeError("not a triton or torch dtype: %r" % (type(dtype),))


def to_numpy(x):
    if isinstance(x, TensorWrapper):
        return x.base.cpu().numpy().astype(getattr(np, torch_dtype_name(x.dtype)))
    if isinstance(x, torch.Tensor):
        return (x.float() if x.dtype is torch.bfloat16 else x).cpu().numpy()
    raise ValueError("not a triton-compatible tensor: %r" % (x,))


def unwrap_tensor(t):
    return t.base if isinstance(t, TensorWrapper) else t


def default_alloc_fn(size, align, stream):
    return torch.empty(size, dtype=torch.int8, device="cpu")


def _fresh_knobs_impl(skipped_attr=None):
    """(fresh, reset): ``fresh()`` snapshots triton.knobs and returns it, ``reset()`` restores
    the snapshot."""
    import copy
    knobs = triton.knobs
    saved = {}

    def fresh():
        for name in knobs.__all__:
            if name not in (skipped_attr or ()):
                saved[name] = copy.copy(vars(getattr(knobs, name)))
        return knobs

    def reset():
        for name, attrs in saved.items():
            vars(getattr(knobs, name)).clear()
            vars(getattr(knobs, name)).update(attrs)
    return fresh, reset
