"""``libdevice``: every name (asin, pow, tanh, rsqrt...) is a placeholder on the host; inside a
kernel the compiler provides the function (or reports that it does not know it)."""

from .._placeholders import module_getattr

__getattr__ = module_getattr("libdevice")
