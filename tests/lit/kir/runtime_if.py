# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32,flag=i1' -D BLOCK=16 %s | FileCheck %s
# A runtime if -> scf.if; variables assigned in the branches are merged as results (they must
# keep their types); a name defined in one branch only is not visible after the if.
import triton
import triton.language as tl


@triton.jit
def rif(x_ptr, n, flag, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    scale = 1.0
    # CHECK: %[[R:.*]]:2 = scf.if %{{.*}} -> (tensor<16xf32>, f32) {
    if n > 100:
        x = x * 2.0
        scale = 0.5
        only_here = 3
    else:
        x = x - 1.0
    # CHECK: scf.yield {{.*}} : tensor<16xf32>, f32
    # CHECK: } else {
    # CHECK: scf.yield {{.*}} : tensor<16xf32>, f32
    # an i1 argument is a condition as is; an if without else still yields
    # CHECK: scf.if %arg2 -> (tensor<16xf32>) {
    if flag:
        x = x + scale
    # elif chains nest
    # CHECK: scf.if
    # CHECK: scf.if
    if n == 1:
        x = x * 3.0
    elif n == 2:
        x = x * 4.0
    # a runtime condition expression: x if c else y selects
    # CHECK: arith.select {{.*}} : f32
    y = 1.0 if n > 5 else 2.0
    tl.store(x_ptr + offs, x * scale * y)
