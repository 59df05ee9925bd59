# RUN: not %kcc -k over_runtime --signature 'p=*fp32,n=i32' %s 2>&1 | FileCheck %s --check-prefix=RANGE
# RUN: not %kcc -k runtime_cond --signature 'p=*fp32,n=i32' %s 2>&1 | FileCheck %s --check-prefix=COND
# Comprehensions in kernels are evaluated at compile time: a run-time range or condition is a
# located error.
# RANGE: comprehension_runtime.py:14:32: error: a comprehension iterates over a range of constexpr integers, got tensor of type int32
# COND: comprehension_runtime.py:21:38: error: a comprehension's 'if' condition must be a constexpr
import triton
import triton.language as tl


@triton.jit
def over_runtime(p, n):
    x = tl.load(p + tl.arange(0, 16))
    ys = [x * i for i in range(n)]
    tl.store(p + tl.arange(0, 16), ys[0])


@triton.jit
def runtime_cond(p, n):
    x = tl.load(p + tl.arange(0, 16))
    ys = [x * i for i in range(3) if n > i]
    tl.store(p + tl.arange(0, 16), ys[0])
