"""Test glue for an old torch (Debian's 1.13): the few torch 2 names Triton's tutorials and
tests call that it lacks, each only where it is missing. None changes what is computed:

* ``torch.compile(fn)`` returns ``fn`` (eager; the tutorials time it as a baseline);
* ``torch.cpu.Stream()``, ``stream(s)``, ``current_stream()``, ``set_stream(s)``: CPU work is
  synchronous, a stream is a no-op context;
* ``torch.cpu.current_device()`` is ``"cpu"``;
* without CUDA, ``torch.cuda.get_device_capability()`` is ``(0, 0)`` (no GPU generation) instead
  of an error: test files ask for it at import, to skip GPU-only cases;
* the CPU operations the references of the tests and tutorials use that an older torch has no
  float16 kernel for (``matmul``, ``mm``, ``bmm``, ``clamp``, ``clamp_``, ``topk``, ``unique``: "not
  implemented for 'Half'") run in float32 and round back to float16, only where torch refused.

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



def _half_fallback(fn):
    """``fn``; where torch has no float16 CPU kernel for it, ``fn`` on the float16 tensors
    widened to float32, with the float results rounded back to float16."""
    def up(v):
        return v.float() if isinstance(v, torch.Tensor) and v.dtype == torch.float16 else v

    def down(v):
        if isinstance(v, torch.Tensor):
            return v.half() if v.dtype == torch.float32 else v
        if isinstance(v, tuple):
            return type(v)(tuple(down(x) for x in v)) if type(v) is not tuple else \
                tuple(down(x) for x in v)
        return v

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RuntimeError as e:
            if "not implemented for 'Half'" not in str(e):
                raise
        name = fn.__name__
        # in place (Tensor.clamp_; a dunder such as __matmul__ is not): widen, compute, store
        if name.endswith("_") and not name.endswith("__"):
            wide = up(args[0])
            fn(wide, *[up(a) for a in args[1:]], **{k: up(v) for k, v in kwargs.items()})
            return args[0].copy_(wide)
        return down(fn(*[up(a) for a in args], **{k: up(v) for k, v in kwargs.items()}))
    wrapper.__wrapped__ = fn
    return wrapper


if int(torch.__version__.split(".")[0]) < 2:
    for _mod, _names in ((torch, ("matmul", "mm", "bmm", "clamp", "topk", "unique")),
                         (torch.Tensor, ("matmul", "__matmul__", "clamp", "clamp_", "topk",
                                         "unique"))):
        for _name in _names:
            setattr(_mod, _name, _half_fallback(getattr(_mod, _name)))

if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m kcc.triton -m torch_compat SCRIPT.py [ARGS]", file=sys.stderr)
        sys.exit(2)
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
    runpy.run_path(sys.argv[0], run_name="__main__")
