"""``tl.extra.cuda``: ``libdevice`` (an alias of ``tl.extra.libdevice``) and other names as
placeholders (e.g. ``gdc_wait``), which only exist so that references resolve."""

import sys as _sys

from .. import libdevice
from ..._placeholders import module_getattr

_sys.modules[__name__ + ".libdevice"] = libdevice
__getattr__ = module_getattr("triton.language.extra.cuda")
