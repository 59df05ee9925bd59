"""Test glue for an old torch (Debian's 1.13): the few torch 2 names Triton's tutorials and
tests call that it lacks, each only where it is missing. None changes what is computed:

* ``torch.compile(fn)`` returns ``fn`` (eager; the tutorials time it as a baseline);
* ``torch.cpu.Stream()``, ``stream(s)``, ``current_stream()``, ``set_stream(s)``: CPU work is
  synchronous, a stream is a no-op context;
* ``torch.cpu.current_device()`` is ``"cpu"``;
* without CUDA, ``torch.cuda.get_device_capability()`` is ``(0, 0)`` (no GPU generation) instead
  of an error: test files ask for it at import, to skip GPU-only cases.

``python -m kcc.triton -m torch_compat SCRIPT.py [ARGS]`` applies them and runs SCRIPT as
``__main__`` (triton-tutorials.sh does); ``import torch_compat`` applies them."""

import contextlib
import os
import runpy
import sys

import torch


class _CpuStream:
    def synchronize(self):
        pass

    def wait_stream(self, other):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_SHIMS = {
    (torch, "compile"): lambda fn=None, **kw: fn if fn is not None else (lambda f: f),
    (torch.cpu, "Stream"): _CpuStream,
    (torch.cpu, "stream"): lambda s=None: contextlib.nullcontext(s),
    (torch.cpu, "current_stream"): lambda device=None: _CpuStream(),
    (torch.cpu, "set_stream"): lambda stream: None,
    (torch.cpu, "current_device"): lambda: "cpu",
}

for (_mod, _name), _value in _SHIMS.items():
    if not hasattr(_mod, _name):
        setattr(_mod, _name, _value)
if not torch.cuda.is_available():
    torch.cuda.get_device_capability = lambda device=None: (0, 0)

if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m kcc.triton -m torch_compat SCRIPT.py [ARGS]", file=sys.stderr)
        sys.exit(2)
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
    runpy.run_path(sys.argv[0], run_name="__main__")
