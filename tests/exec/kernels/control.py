"""Execution tests: static_range unrolling, while loops, runtime if/else merges, early return,
helper jit functions with tuple returns, for loops with runtime and negative steps."""
import triton
import triton.language as tl


@triton.jit
def unrolled(x_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    W: tl.constexpr = (3.0, -1.0, 0.5, 2.0)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for i in tl.static_range(4):
        if i % 2 == 0:              # i is a constexpr: a compile-time branch
            acc += x * W[i]
        else:
            acc -= W[i]
    tl.store(out_ptr + offs, acc)
    # a shape that depends on the induction variable
    for j in tl.static_range(1, 3):
        part = tl.sum(tl.load(x_ptr + tl.arange(0, 2 * j)), axis=0)
        tl.store(out_ptr + BLOCK + j + offs * 0, part, mask=offs == 0)
    # negative constexpr step
    s = 0
    for k in tl.static_range(6, 0, -2):
        s = s * 10 + k
    tl.store(out_ptr + BLOCK + 3 + offs * 0, s + 0.0, mask=offs == 0)


@triton.jit
def while_tensor(x_ptr, out_ptr, iters_ptr, limit, BLOCK: tl.constexpr):
    # a runtime while loop carrying a tensor and two scalars; the trip count depends on data
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    acc = x
    i = 0
    total = tl.sum(acc, axis=0)
    while total < limit and i < 100:
        acc = acc * 2 + 1
        total = tl.sum(acc, axis=0)
        i += 1
    tl.store(out_ptr + offs, acc)
    tl.store(iters_ptr + tl.program_id(0), i)


@triton.jit
def runtime_if(x_ptr, out_ptr, flag, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    # if/else both assigning a tensor and a scalar: merged after the if
    if flag > pid:
        y = x * 2.0
        k = 1
    else:
        y = x - 1.0
        k = 2
    # if without else updating a variable defined before
    z = y
    if tl.sum(x, axis=0) > 0:
        z = z + 100.0
    # nested ifs
    if pid % 2 == 0:
        if k == 1:
            z = z * -1.0
    tl.store(out_ptr + offs, z + k)


@triton.jit
def early_return(x_ptr, out_ptr, skip, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, offs * 0 - 1)
    if pid % skip == 1:
        return
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr + offs, x * 3)


@triton.jit
def _divmod(a, b):
    return a // b, a % b


@triton.jit
def _stats(x, scale: tl.constexpr = 2):
    return tl.sum(x, axis=0) * scale, tl.max(x, axis=0), tl.min(x, axis=0)


@triton.jit
def _nested(x):
    q, r = _divmod(x, 7)
    return q * 10 + r


@triton.jit
def helpers(x_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    q, r = _divmod(x, 5)
    tl.store(out_ptr + offs, q)
    tl.store(out_ptr + BLOCK + offs, r)
    s, mx, mn = _stats(x)
    t = _stats(x, scale=3)
    tl.store(out_ptr + 2 * BLOCK + 0, s)
    tl.store(out_ptr + 2 * BLOCK + 1, mx)
    tl.store(out_ptr + 2 * BLOCK + 2, mn)
    tl.store(out_ptr + 2 * BLOCK + 3, t[0])
    tl.store(out_ptr + 3 * BLOCK + offs, _nested(x))


@triton.jit
def for_loops(out_ptr, n, step, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.int32)
    for i in range(0, n, step):            # runtime bounds and step
        acc += i
    tl.store(out_ptr + offs, acc)
    c = 0
    for i in range(10, 0, -3):             # negative constexpr step: 10, 7, 4, 1
        c = c * 100 + i
    tl.store(out_ptr + BLOCK + offs, acc * 0 + c)
    d = 0
    for i in tl.range(n, 2 * n, num_stages=2):
        for j in range(i):                 # nested, bound from the outer variable
            d += 1
    tl.store(out_ptr + 2 * BLOCK + offs, acc * 0 + d)
    e = 0
    for i in range(n, 0):                  # empty
        e += 1
    tl.store(out_ptr + 3 * BLOCK + offs, acc * 0 + e)


@triton.jit
def neg_step_runtime(out_ptr, start, stop, STEP: tl.constexpr):
    # a constexpr negative step over run-time bounds: start, start + STEP, ... while > stop
    count = 0
    acc = 0
    for i in range(start, stop, STEP):
        count += 1
        acc = acc * 3 + i
    tl.store(out_ptr, count)
    tl.store(out_ptr + 1, acc)
    last = -1
    for i in tl.range(start, stop, STEP):
        last = i
    tl.store(out_ptr + 2, last)


@triton.jit
def comprehensions(x_ptr, out_ptr, N: tl.constexpr, SCALES: tl.constexpr):
    # static comprehensions: over a constexpr range (with a condition) and over a tuple
    r = tl.arange(0, N)
    rows = [tl.load(x_ptr + i * N + r) for i in range(4) if i != 2]      # rows 0, 1, 3
    scaled = tuple(v * s for v, s in zip_rows_scales(rows, SCALES))
    tl.store(out_ptr + r, scaled[0] + scaled[1] + scaled[2])
    sizes = [len(rows) * k for k in tl.static_range(1, 3)]                # constexprs: 3, 6
    tl.store(out_ptr + N + r, r * 0 + sizes[0] * 10 + sizes[1])


@triton.jit
def zip_rows_scales(rows, scales):
    return ((rows[0], scales[0]), (rows[1], scales[1]), (rows[2], scales[2]))


@triton.jit
def tuple_args(out_ptr, ptrs, scales, N: tl.constexpr):
    # ptrs: a tuple of two pointers; scales: (a runtime float, (a constexpr int,))
    r = tl.arange(0, N)
    a = tl.load(ptrs[0] + r)
    b = tl.load(ptrs[1] + r)
    tl.store(out_ptr + r, a * scales[0] + b * scales[1][0])
    tl.store(out_ptr + N + r, r * 0 + len(ptrs) * 10 + len(scales))
