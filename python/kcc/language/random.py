"""``triton.language.random`` (philox, rand, randn...): placeholders on the host."""

from ._placeholders import module_getattr

__getattr__ = module_getattr("triton.language.random")
