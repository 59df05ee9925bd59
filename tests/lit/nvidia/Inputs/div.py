# Integer division on a GPU target: the divisor is guarded as on the CPU (x / 0 = x, x % 0 = 0).
import triton
import triton.language as tl

@triton.jit
def div(x_ptr, y_ptr, out_ptr, BLOCK: tl.constexpr):
    i = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + i)
    y = tl.load(y_ptr + i)
    tl.store(out_ptr + i, x // y + x % y + tl.cdiv(x, y) + tl.maximum(x, y))
