"""Execution tests: masked loads and stores at a PROT_NONE guard page, loads without `other`,
tl.where, pointer arithmetic (int64 offsets, unsigned offsets, int <-> pointer casts), casts and
bitcasts, fp16/bf16 memory."""
import triton
import triton.language as tl


@triton.jit
def masked_copy(x_ptr, out_ptr, n, HAS_OTHER: tl.constexpr, OTHER: tl.constexpr,
                BLOCK: tl.constexpr):
    # x has exactly n elements and ends at a PROT_NONE page: masked lanes must not be read
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    if HAS_OTHER:
        x = tl.load(x_ptr + offs, mask=mask, other=OTHER)
    else:
        x = tl.load(x_ptr + offs, mask=mask)   # masked lanes read 0
    tl.store(out_ptr + offs, x)               # out is grid * BLOCK long


@triton.jit
def masked_copy_sparse(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    # a non-contiguous mask (even lanes, and only up to n) next to the guard page
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = (offs < n) & (offs % 2 == 0)
    x = tl.load(x_ptr + offs, mask=mask, other=7)
    tl.store(out_ptr + offs, x)


@triton.jit
def masked_store_guard(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    # out has exactly n elements and ends at the guard page: masked lanes must not be written
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs)                # x is grid * BLOCK long
    tl.store(out_ptr + offs, x * 2, mask=mask)


@triton.jit
def masked_tile_guard(x_ptr, out_ptr, M, N, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    # a 2-D tile of an M x N row-major matrix whose last row ends at the guard page
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.arange(0, BLOCK_N)
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    x = tl.load(x_ptr + rm[:, None] * N + rn[None, :], mask=mask, other=-1.0)
    tl.store(out_ptr + rm[:, None] * BLOCK_N + rn[None, :], x)


@triton.jit
def masked_scalar_guard(x_ptr, out_ptr, n):
    # scalar loads: the last element is read, the one after it only under a false mask
    last = tl.load(x_ptr + n - 1)
    past = tl.load(x_ptr + n, mask=n < 0, other=-5.0)
    tl.store(out_ptr + 0, last)
    tl.store(out_ptr + 1, past)
    v = tl.load(x_ptr + n - 1, volatile=True)
    tl.store(out_ptr + 2, v)


@triton.jit
def where_kernel(c_ptr, x_ptr, y_ptr, out_ptr, pout_ptr, flag, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    c = tl.load(c_ptr + offs)     # an int32 condition: nonzero is true
    x = tl.load(x_ptr + offs)
    y = tl.load(y_ptr + offs)
    tl.store(out_ptr + offs, tl.where(c, x, y))
    tl.store(out_ptr + BLOCK + offs, tl.where(c > 0, x, 0.5))         # scalar broadcast
    tl.store(out_ptr + 2 * BLOCK + offs, tl.where(flag, x, y))         # a scalar int condition
    # pointers through where
    p = tl.where(c != 0, x_ptr + offs, y_ptr + offs)
    tl.store(pout_ptr + offs, tl.load(p))


@triton.jit
def int64_offsets(x_ptr, out_ptr, BIG: tl.constexpr, BLOCK: tl.constexpr):
    # int64 offsets far outside the int32 range that cancel out again
    offs = tl.arange(0, BLOCK)
    big = offs.to(tl.int64) + BIG           # ~2**33 elements ahead
    p = x_ptr + big
    p = p - BIG
    tl.store(out_ptr + offs, tl.load(p))
    # a runtime int64 row index times an int32 stride
    row = tl.program_id(0).to(tl.int64) + 3
    q = x_ptr + row * 4 - 12 + offs
    tl.store(out_ptr + BLOCK + offs, tl.load(q))


@triton.jit
def unsigned_offsets(x_ptr, out_ptr, back, BLOCK: tl.constexpr):
    # an unsigned offset is zero-extended: u32 0xffffffff is +4294967295 elements, not -1
    offs = tl.arange(0, BLOCK)
    u = (offs * 0).to(tl.uint32) + 0xFFFFFFFF
    base = x_ptr - back                     # back == 4294967295 (i64)
    tl.store(out_ptr + offs, tl.load(base + u + offs.to(tl.uint32)))


@triton.jit
def ptr_int_casts(x_ptr, out_ptr, BLOCK: tl.constexpr):
    # tutorial 08: an int64 address turned into a typed pointer; and a pointer to int
    offs = tl.arange(0, BLOCK)
    xi = x_ptr.to(tl.int64)
    p = (xi + 0).to(tl.pointer_type(tl.float32))
    a = tl.load(p + offs)
    q = (xi + 4 * BLOCK).to(tl.pointer_type(tl.float32))
    b = tl.load(q + offs)
    tl.store(out_ptr + offs, a + b)
    # pointer to pointer: read fp32 data as int32
    r = x_ptr.to(tl.pointer_type(tl.int32))
    tl.store(out_ptr + BLOCK + offs, tl.load(r + offs).to(tl.float32, bitcast=True) * 2)


@triton.jit
def casts(f_ptr, i_ptr, oi_ptr, of_ptr, oh_ptr, ob_ptr, ou8_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    f = tl.load(f_ptr + offs)           # fp32
    i = tl.load(i_ptr + offs)           # i32
    # float -> int truncates toward zero
    tl.store(oi_ptr + 0 * BLOCK + offs, f.to(tl.int32))
    # int narrowing truncates; sign- and zero-extension
    tl.store(oi_ptr + 1 * BLOCK + offs, i.to(tl.int8).to(tl.int32))
    tl.store(oi_ptr + 2 * BLOCK + offs, i.to(tl.uint8).to(tl.int32))
    tl.store(oi_ptr + 3 * BLOCK + offs, i.to(tl.int16).to(tl.int32))
    tl.store(oi_ptr + 4 * BLOCK + offs, (i != 0).to(tl.int32) + i.to(tl.int1).to(tl.int32) * 10)
    tl.store(oi_ptr + 5 * BLOCK + offs, f.to(tl.int1).to(tl.int32))
    tl.store(oi_ptr + 6 * BLOCK + offs, i.to(tl.uint32).to(tl.int64).to(tl.int32))
    # int -> float
    tl.store(of_ptr + 0 * BLOCK + offs, i.to(tl.float32))
    tl.store(of_ptr + 1 * BLOCK + offs, i.to(tl.uint32).to(tl.float32))
    tl.store(of_ptr + 2 * BLOCK + offs, i.to(tl.int8).to(tl.float32))
    # fp32 -> fp16 / bf16 round to nearest even, and back
    h = f.to(tl.float16)
    b = f.to(tl.bfloat16)
    tl.store(oh_ptr + offs, h)
    tl.store(ob_ptr + offs, b)
    tl.store(of_ptr + 3 * BLOCK + offs, h.to(tl.float32) + b.to(tl.float32))
    # fp16 -> bf16 goes through fp32
    tl.store(ob_ptr + BLOCK + offs, h.to(tl.bfloat16))
    # store casts implicitly to the element type (fp32 -> u8 pointer)
    tl.store(ou8_ptr + offs, (i & 0xFF).to(tl.float32))


@triton.jit
def half_io(h_ptr, b_ptr, oh_ptr, ob_ptr, of_ptr, BLOCK: tl.constexpr):
    # fp16/bf16 loads and stores with arithmetic in between
    offs = tl.arange(0, BLOCK)
    h = tl.load(h_ptr + offs)
    b = tl.load(b_ptr + offs)
    tl.store(oh_ptr + offs, h * 2 + 1)                 # fp16 arithmetic, fp16 store
    tl.store(ob_ptr + offs, (b.to(tl.float32) * 3.0).to(tl.bfloat16))
    tl.store(of_ptr + offs, h.to(tl.float32) * b.to(tl.float32))
    tl.store(of_ptr + BLOCK + offs, tl.sum(h.to(tl.float32), axis=0) + offs * 0.0)


@triton.jit
def bitcasts(f_ptr, h_ptr, u_ptr, oi_ptr, os_ptr, of_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    f = tl.load(f_ptr + offs)
    h = tl.load(h_ptr + offs)
    u = tl.load(u_ptr + offs)
    tl.store(oi_ptr + offs, f.to(tl.int32, bitcast=True))
    tl.store(os_ptr + offs, h.to(tl.int16, bitcast=True))
    tl.store(of_ptr + offs, u.to(tl.float32, bitcast=True))
    # sign bit through integer ops, as FlagGems' sort does
    bits = f.to(tl.uint32, bitcast=True)
    key = tl.where((bits >> 31) != 0, ~bits, bits | 0x80000000)
    tl.store(oi_ptr + BLOCK + offs, key.to(tl.int32, bitcast=True))


@triton.jit
def rem_offsets(x_ptr, out_ptr, offs_ptr, N, start, M, BLOCK: tl.constexpr):
    # `(start + pid * BLOCK + arange) % N`: contiguous (no wrap) in some programs, wrapping or
    # negative (C remainder) in others; x has M elements.
    pid = tl.program_id(0)
    offs = (start + pid * BLOCK + tl.arange(0, BLOCK)) % N
    tl.store(offs_ptr + pid * BLOCK + tl.arange(0, BLOCK), offs)
    x = tl.load(x_ptr + offs, mask=(offs >= 0) & (offs < M), other=-1)
    tl.store(out_ptr + pid * BLOCK + tl.arange(0, BLOCK), x * 2)


@triton.jit
def wrap_addr(p, out_ptr, stride, start, BM: tl.constexpr, BN: tl.constexpr):
    # The addresses `p + rows * stride + cols` take, as integers: int32 index math wraps, in
    # the product and in the sum, whatever way the backend splits the address.
    pid = tl.program_id(0)
    rows = start + pid * BM + tl.arange(0, BM)
    cols = tl.arange(0, BN)
    ptrs = p + (rows[:, None] * stride + cols[None, :])
    o = out_ptr + pid * (BM * BN + 1)
    tl.store(o + tl.arange(0, BM)[:, None] * BN + cols[None, :], ptrs.to(tl.int64))
    tl.store(o + BM * BN, p.to(tl.int64))


@triton.jit
def fp8_roundtrip(x8_ptr, y_ptr, wide_ptr, out8_ptr, h8_ptr, N: tl.constexpr):
    # fp8 loads widen exactly; fp32 and fp16 narrow to the pointer's fp8 type (round to nearest
    # even)
    r = tl.arange(0, N)
    x = tl.load(x8_ptr + r)
    tl.store(wide_ptr + r, x.to(tl.float32))
    tl.store(wide_ptr + N + r, x.to(tl.float16).to(tl.float32))
    y = tl.load(y_ptr + r)
    tl.store(out8_ptr + r, y.to(out8_ptr.dtype.element_ty))
    tl.store(h8_ptr + r, y.to(tl.float16).to(h8_ptr.dtype.element_ty))
