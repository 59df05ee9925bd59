"""``triton.language.standard`` (sum, max, softmax...): placeholders on the host."""

from ._placeholders import module_getattr

__getattr__ = module_getattr("triton.language.standard")
