"""``triton.runtime`` for kcc: ``driver.active`` describes the host CPU so that Triton host code
(``get_active_torch_device()``, ``get_current_target()``, ``utils.get_device_properties``) runs;
plus the kernel classes (``JITFunction``, ``Autotuner``, ``Heuristics``, ``Config``...)."""

import os
import types

from .autotuner import Autotuner, Config, Heuristics, autotune, heuristics  # noqa: F401
from .errors import CompilationError  # noqa: F401
from .jit import JITFunction, KernelInterface, jit  # noqa: F401

__all__ = ["driver", "JITFunction", "KernelInterface", "Autotuner", "Heuristics", "Config",
           "autotune", "heuristics", "jit", "OutOfResources", "CompilationError"]


class OutOfResources(Exception):
    """Triton raises it when a config needs too many registers/shared memory; kcc never does."""


def _target():
    from .jit import default_target
    return default_target()


class GPUTarget(types.SimpleNamespace):
    """Named like Triton's target descriptor; ``backend`` is 'cpu'."""


class _Utils:
    @staticmethod
    def get_device_properties(device=None):
        n = os.cpu_count() or 1
        return {"multiprocessor_count": n, "max_num_regs": 65536, "max_shared_mem": 1 << 20,
                "warpSize": 1, "sm_clock_rate": 0, "mem_clock_rate": 0, "mem_bus_width": 0}


class _ActiveDriver:
    utils = _Utils()

    def get_current_device(self):
        return 0

    def set_current_device(self, device):
        pass

    def get_current_stream(self, device=None):
        return 0

    def get_current_target(self):
        t = _target()
        arch = t.split(":", 1)[1] if ":" in t else os.uname().machine
        return GPUTarget(backend="cpu", arch=arch, warp_size=1)

    def get_active_torch_device(self):
        import torch
        return torch.device("cpu")

    def get_device_interface(self):
        return None

    def get_benchmarker(self):
        from .testing import do_bench
        return do_bench

    def is_active(self):
        return True


class _Driver:
    def __init__(self):
        self.active = _ActiveDriver()
        self.default = self.active

    def set_active(self, drv):
        self.active = drv

    def reset_active(self):
        self.active = self.default


driver = _Driver()
