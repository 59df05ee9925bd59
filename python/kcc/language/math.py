"""``tl.math``: the elementwise math builtins (placeholders on the host, see kcc.language).

Any name resolves (``tl.math.exp2``, ``tl.math.rsqrt``...); the compiler decides what exists."""

from ._placeholders import module_getattr

__getattr__ = module_getattr("triton.language.math")
