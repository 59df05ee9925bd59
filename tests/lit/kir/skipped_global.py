# A name bound by a module-level statement kcc skipped is reported with its line.
# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32' %s 2>&1 | FileCheck %s
# CHECK: skipped_global.py:12:21: error: global 'TABLE' is defined at line 7 by a statement kcc cannot evaluate
import triton
import triton.language as tl

TABLE = [i * j for i in range(4) for j in range(2)]


@triton.jit
def k(x_ptr):
    tl.store(x_ptr, TABLE)
