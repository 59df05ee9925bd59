"""Execution tests: atomics from many programs onto the same addresses (run with several threads)."""
import triton
import triton.language as tl


@triton.jit
def atomic_counters(cnt_ptr, fcnt_ptr, pidsum_ptr, ticket_ptr, tickets_ptr, lane_ptr,
                    lanes_ptr, masked_ptr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    # every program adds 1 to each of BLOCK shared counters
    tl.atomic_add(cnt_ptr + offs, 1)
    tl.atomic_add(fcnt_ptr + offs, 1.0)
    tl.atomic_add(pidsum_ptr + offs, pid.to(tl.int64) * 1000000007, sem="relaxed")
    # a scalar ticket per program: the old values are a permutation of the program ids
    t = tl.atomic_add(ticket_ptr, 1)
    tl.store(tickets_ptr + pid, t)
    # every lane of every program on one address: the old values are all different
    old = tl.atomic_add(lane_ptr + offs * 0, 1)
    tl.store(lanes_ptr + pid * BLOCK + offs, old)
    # masked: only lanes < pid % BLOCK take part
    tl.atomic_add(masked_ptr + offs, 1, mask=offs < pid % BLOCK)


@triton.jit
def atomic_minmax(v_ptr, imax_ptr, imin_ptr, fmax_ptr, fmin_ptr, umax_ptr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    v = tl.load(v_ptr + pid * BLOCK + offs)             # fp32, negatives included
    iv = (v * 1000).to(tl.int32)
    tl.atomic_max(imax_ptr + offs, iv)
    tl.atomic_min(imin_ptr + offs, iv)
    tl.atomic_max(fmax_ptr + offs, v)
    tl.atomic_min(fmin_ptr + offs, v)
    tl.atomic_max(umax_ptr + offs, iv.to(tl.uint32, bitcast=True))   # unsigned order


@triton.jit
def atomic_xchg_bits(slot_ptr, olds_ptr, bits_ptr, xor_ptr, and_ptr, cas_ptr, casold_ptr):
    pid = tl.program_id(0)
    # exchange: the old values, plus the final one, are {0} and every pid + 1
    old = tl.atomic_xchg(slot_ptr, pid + 1)
    tl.store(olds_ptr + pid, old)
    # bit ops
    tl.atomic_or(bits_ptr + pid // 32, 1 << (pid % 32))
    tl.atomic_xor(xor_ptr, pid)
    tl.atomic_and(and_ptr, ~(1 << (pid % 31)))
    # compare-and-swap: only the program that sees 0 wins
    o = tl.atomic_cas(cas_ptr, 0, pid + 1)
    tl.store(casold_ptr + pid, o)


@triton.jit
def spin_lock(lock_ptr, counter_ptr, fsum_ptr, x_ptr, ROUNDS: tl.constexpr):
    # a non-atomic read-modify-write made safe by an atomic_cas spin lock
    pid = tl.program_id(0)
    for r in range(ROUNDS):
        while tl.atomic_cas(lock_ptr, 0, 1) == 1:
            pass
        c = tl.load(counter_ptr)
        tl.store(counter_ptr, c + 1)
        s = tl.load(fsum_ptr)
        tl.store(fsum_ptr, s + tl.load(x_ptr + pid))
        tl.atomic_xchg(lock_ptr, 0)


@triton.jit
def grid_ids(out_ptr):
    # program_id / num_programs on every axis of a 3-D grid
    x = tl.program_id(0)
    y = tl.program_id(axis=1)
    z = tl.program_id(2)
    nx = tl.num_programs(0)
    ny = tl.num_programs(1)
    nz = tl.num_programs(axis=2)
    lin = (z * ny + y) * nx + x
    base = out_ptr + lin * 6
    tl.store(base + 0, x)
    tl.store(base + 1, y)
    tl.store(base + 2, z)
    tl.store(base + 3, nx)
    tl.store(base + 4, ny)
    tl.store(base + 5, nz)


@triton.jit
def tile_2d(x_ptr, out_ptr, M, N, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    # a 2-D grid of tiles, with the linear program count from num_programs
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    rm = pm * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pn * BLOCK_N + tl.arange(0, BLOCK_N)
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    x = tl.load(x_ptr + rm[:, None] * N + rn[None, :], mask=mask)
    tag = pn * tl.num_programs(0) + pm
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], x * 1000 + tag, mask=mask)
