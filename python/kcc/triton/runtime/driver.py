"""``triton.runtime.driver``: the driver registry Triton host code asks about the device.

The module itself is the registry (``from triton.runtime import driver`` and ``import
triton.runtime.driver`` give the same object): ``driver.active`` is the active driver,
``driver.default`` kcc's CPU driver (``kcc.runtime.driver.active``: ``get_current_target()``
says backend ``cpu``, ``get_active_torch_device()`` is ``torch.device('cpu')``...).
``set_active(d)``, ``reset_active()``; triton-cpu's ``set_active_to_cpu()``,
``set_active_to_gpu()`` (kcc runs Triton programs on the CPU: no GPU driver to switch to) and
``get_active_gpus()`` (empty)."""

import sys

from ... import runtime as _kcc_runtime

default = _kcc_runtime.driver.default


def __getattr__(name):
    if name == "active":
        return _kcc_runtime.driver.active
    raise AttributeError("module 'triton.runtime.driver' has no attribute '%s'" % name)


def set_active(d):
    """Makes ``d`` the active driver (Triton host code then asks it about the device)."""
    _kcc_runtime.driver.set_active(d)


def reset_active():
    """The active driver is kcc's CPU driver again."""
    _kcc_runtime.driver.reset_active()


def set_active_to_cpu():
    """triton-cpu: run on the CPU. kcc's CPU driver becomes (stays) active."""
    _kcc_runtime.driver.reset_active()


def get_active_gpus():
    """triton-cpu: the GPU drivers available; none under kcc.triton (programs run on the CPU)."""
    return []


def set_active_to_gpu():
    """triton-cpu: switch to a GPU driver. kcc.triton has none to switch to."""
    raise RuntimeError("triton.runtime.driver.set_active_to_gpu(): kcc.triton runs Triton "
                       "programs on the CPU (get_active_gpus() is empty); kcc's device "
                       "targets are chosen with KCC_TARGET")


driver = sys.modules[__name__]
