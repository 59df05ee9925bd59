"""Kernels of the AOT pool test (pool_main.c, pool_other.c): the header's persistent pool reused by
many launches, device assertions, launches from several host threads, fork."""
import triton
import triton.language as tl


@triton.jit
def count_kernel(counter_ptr, hits_ptr, conc_ptr, bad, nbad):
    """Counts each program in counter_ptr[0] and in hits_ptr[its linear id], and the most
    programs running at once in conc_ptr[1] (conc_ptr[0]: those running now); with -g, programs
    bad .. bad + nbad - 1 fail a device assertion before they count."""
    pid = tl.program_id(0) + tl.num_programs(0) * (tl.program_id(1) + tl.num_programs(1) *
                                                   tl.program_id(2))
    tl.device_assert((pid < bad) | (pid >= bad + nbad), "a bad program")
    running = tl.atomic_add(conc_ptr, 1) + 1
    tl.atomic_max(conc_ptr + 1, running)
    tl.atomic_add(counter_ptr, 1)
    tl.atomic_add(hits_ptr + pid, 1)
    tl.atomic_add(conc_ptr, -1)


@triton.jit
def chain_kernel(flags_ptr):
    """Program i waits for program i-1: the grid ends only if ids are handed out in ascending
    order."""
    pid = tl.program_id(0)
    if pid > 0:
        while tl.atomic_add(flags_ptr + pid - 1, 0) == 0:
            pass
    tl.atomic_xchg(flags_ptr + pid, 1)
