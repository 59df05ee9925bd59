"""Kernels used by the kcc Python tests (a file of kernels only; the line numbers of
``bad_kernel`` are checked by test_errors.py, keep them stable)."""
import kcc
import kcc.language as tl


@kcc.jit
def add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) + tl.load(y_ptr + offs, mask=mask),
             mask=mask)


@kcc.jit
def scale_kernel(x_ptr, out_ptr, n, stride, alpha, BLOCK: tl.constexpr):
    """out[i*stride] = alpha * x[i*stride] for i < n."""
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs * stride, mask=mask)
    tl.store(out_ptr + offs * stride, x * alpha, mask=mask)


@kcc.jit(do_not_specialize=["stride"])
def scale_kernel_dns(x_ptr, out_ptr, n, stride, alpha, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs * stride, mask=mask)
    tl.store(out_ptr + offs * stride, x * alpha, mask=mask)


@kcc.jit
def fill_kernel(out_ptr, value: tl.int64, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.full([BLOCK], 0, tl.int64) + value, mask=offs < n)


@kcc.jit
def optional_bias(x_ptr, bias_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    if bias_ptr is not None:
        x += tl.load(bias_ptr + offs, mask=mask)
    tl.store(out_ptr + offs, x, mask=mask)


@kcc.jit
def cast_kernel(x_ptr, out_ptr, n, DTYPE: tl.constexpr, OP: tl.constexpr, NEG: tl.constexpr,
                SCALE: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask) * SCALE
    if OP == "square":
        x = x * x
    if NEG:
        x = -x
    tl.store(out_ptr + offs, x.to(DTYPE), mask=mask)


@kcc.jit
def grid2d_kernel(out_ptr, n_cols):
    r = tl.program_id(0)
    c = tl.program_id(1)
    tl.store(out_ptr + r * n_cols + c, r * 100 + c + tl.num_programs(1) * 0)


@kcc.jit
def bad_kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    y = tl.load(x_ptr + offs) + undefined_name  # the error (line 71)
    tl.store(x_ptr + offs, y)


@kcc.jit
def staged_scale(x_ptr, out_ptr, n, BLOCK: tl.constexpr, num_stages: tl.constexpr):
    """A constexpr parameter named like a launch option: out = x * num_stages."""
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) * num_stages, mask=mask)
