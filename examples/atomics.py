# kcc: -k histogram_and_partial_sums --signature 'x_ptr=*i32,hist_ptr=*i32,w_ptr=*fp32,partial_ptr=*fp32,lock_ptr=*i32,count_ptr=*i32,n=i32,num_bins=i32' -D BLOCK=256 -D GROUP_SIZE=8
"""Atomics: a masked histogram with tl.atomic_add, and the tutorial-05 style spin lock
(atomic_cas / atomic_xchg) that serialises accumulation of per-program partial sums into one of
GROUP_SIZE slots."""
import triton
import triton.language as tl


@triton.jit
def histogram_and_partial_sums(x_ptr, hist_ptr, w_ptr, partial_ptr, lock_ptr, count_ptr, n,
                               num_bins, BLOCK: tl.constexpr, GROUP_SIZE: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    # histogram: bins outside [0, num_bins) are dropped through the mask
    x = tl.load(x_ptr + offs, mask=mask, other=0)
    in_range = mask & (x >= 0) & (x < num_bins)
    tl.atomic_add(hist_ptr + x, 1, mask=in_range, sem="relaxed")

    # per-program partial sum of the weights, accumulated under a lock
    w = tl.load(w_ptr + offs, mask=mask, other=0.0)
    part = tl.sum(w, axis=0)
    lock_id = pid % GROUP_SIZE
    Lock = lock_ptr + lock_id
    Count = count_ptr + lock_id
    while tl.atomic_cas(Lock, 0, 1) == 1:
        pass
    count = tl.load(Count)
    if count == 0:
        tl.atomic_xchg(Count, 1)
    else:
        part += tl.load(partial_ptr + lock_id)
    tl.store(partial_ptr + lock_id, part)
    tl.debug_barrier()
    # Release the lock
    tl.atomic_xchg(Lock, 0)
