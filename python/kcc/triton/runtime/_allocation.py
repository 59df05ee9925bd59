"""``triton.runtime._allocation``: ``set_allocator(fn)`` registers the function Triton calls
for a kernel's global scratch memory (TMA descriptors, device-side printf...). kcc's kernels
take no scratch buffer from the host, so the allocator is kept (``get_allocator()`` returns it)
and never called."""

import contextvars


class NullAllocator:
    """The default: kernels that would need scratch memory fail with a clear error."""

    def __call__(self, size, alignment, stream):
        raise RuntimeError("Kernel requires a runtime memory allocation, but no allocator was "
                           "set. Use triton.set_allocator to specify an allocator.")


_allocator = contextvars.ContextVar("_allocator", default=NullAllocator())


def set_allocator(allocator):
    """Registers ``allocator(size, alignment, stream)`` (kept, unused by kcc)."""
    _allocator.set(allocator)


def get_allocator():
    return _allocator.get()


__all__ = ["set_allocator", "get_allocator", "NullAllocator"]
