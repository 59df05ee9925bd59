"""Host-side stand-ins for the names of ``triton.language``.

Kernels are compiled by kcc from their source text, so nothing here is executed inside a kernel.
These objects exist so that module-level code in a kernel file resolves (``tl.constexpr``
annotations, ``X = tl.constexpr(3)``, ``DTYPE = tl.float16``, ``libdevice`` imports) and so that the
host side can read dtypes and constexprs (for example to pass ``tl.float16`` as a constexpr).
Calling a builtin such as ``tl.load`` outside a kernel raises ``RuntimeError``.
"""

import builtins as _builtins

__all__ = []  # filled in below


class constexpr:
    """A compile-time constant. Used as a parameter annotation (``BLOCK: tl.constexpr``) and as a
    wrapper for module-level constants (``EPS = tl.constexpr(1e-5)``)."""

    def __init__(self, value=None):
        self.value = value.value if isinstance(value, constexpr) else value

    def __repr__(self):
        return "constexpr[%r]" % (self.value,)

    def __index__(self):
        return self.value.__index__()

    def __bool__(self):
        return _builtins.bool(self.value)

    def __int__(self):
        return int(self.value)

    def __float__(self):
        return float(self.value)

    def __hash__(self):
        return hash(self.value)

    def __eq__(self, other):
        return self.value == _unwrap(other)

    def __call__(self, *args, **kwargs):
        return self.value(*args, **kwargs)

    def __getattr__(self, name):
        if name == "value":
            raise AttributeError(name)
        return getattr(self.value, name)


def _unwrap(v):
    return v.value if isinstance(v, constexpr) else v


def _binop(op):
    def f(self, other):
        return constexpr(op(self.value, _unwrap(other)))
    return f


def _rbinop(op):
    def f(self, other):
        return constexpr(op(_unwrap(other), self.value))
    return f


import operator as _op  # noqa: E402

for _n in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor",
           "lshift", "rshift", "lt", "le", "gt", "ge", "ne"):
    _f = getattr(_op, _n + "_" if _n in ("and", "or") else _n)
    setattr(constexpr, "__%s__" % _n, _binop(_f))
    if _n not in ("lt", "le", "gt", "ge", "ne"):
        setattr(constexpr, "__r%s__" % _n, _rbinop(_f))
constexpr.__neg__ = lambda self: constexpr(-self.value)
constexpr.__pos__ = lambda self: constexpr(+self.value)
constexpr.__invert__ = lambda self: constexpr(~self.value)
constexpr.__abs__ = lambda self: constexpr(_builtins.abs(self.value))


class dtype:
    """A Triton scalar type. ``name`` is Triton's short name ('fp32', 'int32', 'bf16', ...);
    ``tl_name`` the attribute of ``triton.language`` that holds it ('float32', ...)."""

    SINT_TYPES = ["int8", "int16", "int32", "int64"]
    UINT_TYPES = ["int1", "uint8", "uint16", "uint32", "uint64"]
    FP_TYPES = ["fp8e4b15", "fp8e4nv", "fp8e4b8", "fp8e5", "fp8e5b16", "fp16", "bf16", "fp32", "fp64"]
    STANDARD_FP_TYPES = ["fp16", "bf16", "fp32", "fp64"]
    OTHER_TYPES = ["void"]

    def __init__(self, name, tl_name=None, sig=None, bits=0):
        if tl_name is None:  # tl.dtype('fp64') as Triton code builds one: the known type's fields
            for attr, tname, tsig, tbits in _DTYPES:
                if name in (tname, tsig):
                    name, tl_name, sig, bits = tname, attr, tsig, tbits
                    break
        self.name = name
        self.tl_name = tl_name or name
        self.sig = sig or name
        self.primitive_bitwidth = bits

    # -- Triton's introspection API ----------------------------------------------------------
    def is_floating(self):
        return self.name in self.FP_TYPES

    def is_standard_floating(self):
        return self.name in self.STANDARD_FP_TYPES

    def is_int_signed(self):
        return self.name in self.SINT_TYPES

    def is_int_unsigned(self):
        return self.name in self.UINT_TYPES

    def is_int(self):
        return self.is_int_signed() or self.is_int_unsigned()

    def is_bool(self):
        return self.name == "int1"

    def is_void(self):
        return self.name == "void"

    def is_ptr(self):
        return False

    def is_block(self):
        return False

    def is_const(self):
        return False

    def is_fp8(self):
        return self.name.startswith("fp8")

    @property
    def int_bitwidth(self):
        return self.primitive_bitwidth

    @property
    def fp_mantissa_width(self):
        """Explicit mantissa bits of a floating type (fp32: 23), as Triton's dtype has it."""
        try:
            return _FP_MANTISSA[self.name]
        except KeyError:
            raise AttributeError("%s is not a floating-point type: it has no "
                                 "fp_mantissa_width" % self.name) from None

    @property
    def itemsize(self):
        return _builtins.max(1, self.primitive_bitwidth // 8)

    @property
    def scalar(self):
        return self

    def to_ir(self, builder):  # pragma: no cover - there is no IR builder on the host
        raise RuntimeError("kcc compiles kernels from source; dtype.to_ir is not available")

    def __getattr__(self, name):
        # is_fp16(), is_int32(), ... for every short name
        if name.startswith("is_"):
            want = name[3:]
            return lambda: self.name == want or self.tl_name == want
        raise AttributeError(name)

    def __eq__(self, other):
        other = _unwrap(other)
        return isinstance(other, dtype) and type(other) is type(self) and other.name == self.name

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((type(self).__name__, self.name))

    def __str__(self):
        return self.name

    def __repr__(self):
        return "triton.language.%s" % self.tl_name

    def literal(self):
        """The Python literal kcc's compiler accepts in a ``define``: ``tl.float16``."""
        return "tl.%s" % self.tl_name


class pointer_type(dtype):
    """``tl.pointer_type(tl.float16)``: a pointer to ``element_ty``."""

    def __init__(self, element_ty, address_space=1, const=False):
        super().__init__("pointer<%s>" % element_ty.name, sig="*" + element_ty.sig, bits=64)
        self.element_ty = element_ty
        self.address_space = address_space
        self.const = const

    def is_ptr(self):
        return True

    def is_const(self):
        return self.const

    def literal(self):
        return "tl.pointer_type(%s)" % self.element_ty.literal()

    def __repr__(self):
        return "pointer_type(%r)" % (self.element_ty,)


class block_type(dtype):
    """A block (tensor) type; only for completeness on the host."""

    def __init__(self, element_ty, shape):
        super().__init__("<%s, %s>" % (_builtins.list(shape), element_ty.name))
        self.element_ty = element_ty
        self.shape = _builtins.tuple(shape)

    def is_block(self):
        return True


_DTYPES = [  # (tl attribute, Triton name, signature spelling, bits)
    ("int1", "int1", "i1", 1), ("int8", "int8", "i8", 8), ("int16", "int16", "i16", 16),
    ("int32", "int32", "i32", 32), ("int64", "int64", "i64", 64), ("uint8", "uint8", "u8", 8),
    ("uint16", "uint16", "u16", 16), ("uint32", "uint32", "u32", 32),
    ("uint64", "uint64", "u64", 64), ("float16", "fp16", "fp16", 16),
    ("bfloat16", "bf16", "bf16", 16), ("float32", "fp32", "fp32", 32),
    ("float64", "fp64", "fp64", 64), ("float8e5", "fp8e5", "fp8e5", 8),
    ("float8e4nv", "fp8e4nv", "fp8e4nv", 8), ("float8e4b8", "fp8e4b8", "fp8e4b8", 8),
    ("float8e4b15", "fp8e4b15", "fp8e4b15", 8), ("float8e5b16", "fp8e5b16", "fp8e5b16", 8),
    ("void", "void", "void", 0),
]

_g = globals()
for _attr, _name, _sig, _bits in _DTYPES:
    _g[_attr] = dtype(_name, _attr, _sig, _bits)
bool = _g["int1"]  # noqa: A001 - Triton exports tl.bool as int1 too
pi32_t = pointer_type(_g["int32"])

#: dtype lookup by any spelling: tl attribute, Triton name or signature spelling
DTYPES_BY_NAME = {}
for _attr, _name, _sig, _bits in _DTYPES:
    for _k in (_attr, _name, _sig):
        DTYPES_BY_NAME.setdefault(_k, _g[_attr])

TRITON_MAX_TENSOR_NUMEL = 1048576


class tensor:
    """Placeholder for ``tl.tensor`` (values inside kernels); cannot be created on the host."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("tl.tensor values exist only inside kernels compiled by kcc")


class PropagateNan:
    NONE = 0
    ALL = 0xFFFF


class _Builtin:
    """A ``triton.language`` builtin: only meaningful inside a kernel compiled by kcc."""

    __slots__ = ("__name__", "__qualname__", "_module")

    def __init__(self, name, module="triton.language"):
        self.__name__ = name
        self.__qualname__ = name
        self._module = module

    def __call__(self, *args, **kwargs):
        raise RuntimeError("%s.%s() can only be called inside a kernel compiled by kcc "
                           "(@kcc.jit / @triton.jit)" % (self._module, self.__name__))

    def __repr__(self):
        return "<kcc builtin %s.%s>" % (self._module, self.__name__)


BUILTINS = """
program_id num_programs arange full zeros zeros_like full_like empty to_tensor cat broadcast
broadcast_to expand_dims reshape view ravel permute trans split join interleave squeeze unsqueeze
flip slice gather load store make_block_ptr advance make_tensor_descriptor tensor_descriptor
tensor_descriptor_type load_tensor_descriptor store_tensor_descriptor atomic_add atomic_and
atomic_cas atomic_max atomic_min atomic_or atomic_xchg atomic_xor abs ceil cos div_rn erf exp exp2
fdiv floor fma log log2 rsqrt sin sqrt sqrt_rn umulhi sigmoid softmax clamp maximum minimum where
add sub mul swizzle2d inline_asm_elementwise map_elementwise extern_elementwise reduce
associative_scan sum max min argmax argmin xor_sum reduce_or histogram cumsum cumprod sort topk
bitonic_merge dot dot_scaled philox philox_impl randint randint4x rand rand4x randn randn4x
uint_to_uniform_float pair_uniform_to_normal static_range range condition static_assert
static_print multiple_of max_contiguous max_constancy assume expect_zero device_print
device_assert debug_barrier cast tuple tuple_type constexpr_type aggregate_replace cdiv
""".split()

for _n in BUILTINS:
    _g[_n] = _Builtin(_n)

class const:
    """``tl.const``: Triton's annotation of a pointer parameter to read-only memory. The
    parameter stays a runtime argument (it is no ``constexpr``)."""

#: explicit mantissa bits of each floating type (Triton's dtype.fp_mantissa_width)
_FP_MANTISSA = {"fp8e4b15": 3, "fp8e4nv": 3, "fp8e4b8": 3, "fp8e5": 2, "fp8e5b16": 2,
                "fp16": 10, "bf16": 7, "fp32": 23, "fp64": 52}


def str_to_ty(name, c=None):
    """The dtype of a signature spelling, as Triton's ``tl.str_to_ty``: ``'fp32'`` ->
    ``tl.float32``, ``'*fp16'`` -> ``tl.pointer_type(tl.float16)``, ``'*kfp16'`` a const
    pointer. ``c`` (Triton's tensor-descriptor context) is accepted and unused."""
    if name.startswith("*"):
        rest = name[1:]
        const = rest.startswith("k")
        if const and rest[1:] in DTYPES_BY_NAME:
            rest = rest[1:]
        return pointer_type(str_to_ty(rest), const=const)
    try:
        return DTYPES_BY_NAME[name]
    except KeyError:
        raise TypeError("unknown type spelling %r (expected i1, i8..i64, u8..u64, fp16, bf16, "
                        "fp32, fp64, fp8e5, ... or a pointer '*fp32')" % (name,)) from None



__all__ = (["constexpr", "dtype", "pointer_type", "block_type", "tensor", "PropagateNan", "bool",
            "pi32_t", "TRITON_MAX_TENSOR_NUMEL", "const", "str_to_ty"] + [d[0] for d in _DTYPES] + BUILTINS)
del _g, _n, _attr, _name, _sig, _bits, _k, _f
