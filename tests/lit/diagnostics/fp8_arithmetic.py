# RUN: not %kcc --emit=kir --signature 'p=*fp8e4nv' %s 2>&1 | FileCheck %s
# kir holds fp8 values as bytes: arithmetic on them is a located error (Triton's promotion keeps
# fp8 + fp8 in fp8, which kcc has no arithmetic for); conversions work.
# CHECK: fp8_arithmetic.py:12:36: error: '+' on fp8e4nv values is not supported by kcc: convert them first (x.to(tl.float32))
import triton
import triton.language as tl


@triton.jit
def k(p):
    x = tl.load(p + tl.arange(0, 16))
    tl.store(p + tl.arange(0, 16), x + x)
