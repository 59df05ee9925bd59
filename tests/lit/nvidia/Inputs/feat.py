import triton
import triton.language as tl


# What the GPU lowering maps (lit nvidia/ and amdgpu/): ids, masked loads/stores, fp16/bf16
# arithmetic, math, a reduction through workgroup memory, atomics of each kind and scope, the grid
# size, print (PRINT: AMDGPU has none) and assert.
@triton.jit
def feat(x_ptr, h_ptr, b_ptr, out_ptr, cnt_ptr, n, s, BLOCK: tl.constexpr, PRINT: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    h = tl.load(h_ptr + offs, mask=m, other=0.0)
    b = tl.load(b_ptr + offs, mask=m, other=0.0)
    y = tl.exp(x) + tl.math.tanh(x) + tl.math.erf(x) + tl.sqrt(tl.abs(x))
    h2 = h * h + h
    b2 = b * b + b
    tl.store(h_ptr + offs, h2, mask=m)
    tl.store(b_ptr + offs, b2, mask=m)
    t = tl.sum(y, axis=0) * s
    tl.atomic_add(out_ptr, t)
    tl.atomic_max(out_ptr + 1, t)
    tl.atomic_cas(cnt_ptr, 0, pid)
    tl.atomic_add(cnt_ptr + 1, 1, sem="relaxed", scope="cta")
    tl.atomic_add(cnt_ptr + 2, tl.num_programs(0))
    if PRINT:
        tl.device_print("t", t)
    tl.device_assert(t == t, "t is not NaN")
