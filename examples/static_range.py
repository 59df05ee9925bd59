# kcc: -k poly_eval --signature 'x_ptr=*fp32,coef_ptr=*fp32,out_ptr=*fp32,n=i32' -D BLOCK=128 -D DEGREE=4 -D HORNER=True
"""Polynomial evaluation with a fully unrolled tl.static_range loop: the induction variable is a
constexpr, so it can drive constexpr `if`s and index a constexpr tuple."""
import triton
import triton.language as tl


@triton.jit
def poly_eval(x_ptr, coef_ptr, out_ptr, n, BLOCK: tl.constexpr, DEGREE: tl.constexpr,
              HORNER: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    SIGNS: tl.constexpr = (1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    if HORNER:
        for i in tl.static_range(DEGREE, -1, -1):
            c = tl.load(coef_ptr + i)
            acc = acc * x + c * SIGNS[i]
    else:
        p = tl.full([BLOCK], 1.0, tl.float32)
        for i in tl.static_range(DEGREE + 1):
            c = tl.load(coef_ptr + i)
            if i % 2 == 0:
                acc += c * p
            else:
                acc -= c * p
            p = p * x
    tl.store(out_ptr + offs, acc, mask=mask)
