"""``kcc.language`` - the ``triton.language`` namespace as seen from the host.

``import kcc.triton.language as tl`` (or ``import kcc.language as tl``) gives these objects. The
compiler maps any of ``triton.language``, ``kcc.triton.language`` and ``kcc.language`` to its own
builtins when it reads a kernel file, so the definitions here only have to exist: dtypes and
``constexpr`` are real objects, the builtins (``tl.load``...) are placeholders that raise when
called outside a kernel. Submodules: ``math``, ``extra`` (``extra.libdevice``,
``extra.cuda.libdevice``, ``extra.hip.libdevice``, ``extra.cpu.libdevice``).
"""

from . import core
from .core import *  # noqa: F401,F403
from .core import __all__ as _core_all
from . import math, extra, random, standard  # noqa: E402

__all__ = list(_core_all) + ["core", "math", "extra", "random", "standard"]
