# The check-bounds mode (--check-bounds, option "check-bounds", docs/architecture.md): the kernel
# takes one i64 array size per parameter after the six program ids, each live lane of a load or
# store compares its byte offset from the parameter with that size and calls __kcc_bounds_fail
# with its location and the parameter's name; the metadata says "check-bounds 1".
# RUN: %kcc %s -k copy --signature 'x_ptr=*fp32,out_ptr=*fp32,n=i32' --check-bounds --emit=mlir-llvm | FileCheck --check-prefix=ON %s
# ON-DAG: llvm.func extern_weak @__kcc_bounds_fail(!llvm.ptr, i64, i64)
# ON-DAG: check-bounds.py:{{[0-9]+}}:{{[0-9]+}}: out-of-bounds load through 'x_ptr'
# ON-DAG: check-bounds.py:{{[0-9]+}}:{{[0-9]+}}: out-of-bounds store through 'out_ptr'
# ON-DAG: @kcc_meta_copy("{{.*}}\0Acheck-bounds 1\0Aend\0A\00")
# ON-DAG: llvm.func @copy(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i32, %arg3: i32, %arg4: i32, %arg5: i32, %arg6: i32, %arg7: i32, %arg8: i32, %arg9: i64, %arg10: i64, %arg11: i64)
# Off (the default): no checks, no size arguments, no metadata line.
# RUN: %kcc %s -k copy --signature 'x_ptr=*fp32,out_ptr=*fp32,n=i32' --emit=mlir-llvm | FileCheck --check-prefix=OFF --implicit-check-not=__kcc_bounds_fail --implicit-check-not='check-bounds 1' %s
# OFF: llvm.func @copy(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i32, %arg3: i32, %arg4: i32, %arg5: i32, %arg6: i32, %arg7: i32, %arg8: i32) attributes
import triton
import triton.language as tl


@triton.jit
def copy(x_ptr, out_ptr, n):
    offs = tl.arange(0, 16)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask), mask=mask)
