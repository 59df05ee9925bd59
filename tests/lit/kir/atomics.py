# RUN: %kcc --emit=kir --signature 'f_ptr=*fp32,i_ptr=*i32,u_ptr=*u32,n=i32' -D BLOCK=16 %s | FileCheck %s
# Atomics return the old value; the value is cast to the element type; masks broadcast; the
# default ordering is acq_rel and the default scope gpu; sem and scope are recorded as attributes.
import triton
import triton.language as tl


@triton.jit
def atomics(f_ptr, i_ptr, u_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    # CHECK: "kir.atomic_rmw"({{.*}}) {kind = "fadd", scope = "gpu", sem = "acq_rel"} : (tensor<16x!kir.ptr<f32>>, tensor<16xf32>, tensor<16xi1>) -> tensor<16xf32>
    old = tl.atomic_add(f_ptr + offs, 1, mask=mask)
    # CHECK: "kir.atomic_rmw"({{.*}}) {kind = "add", scope = "gpu", sem = "relaxed"} : (tensor<16x!kir.ptr<i32>>, tensor<16xi32>) -> tensor<16xi32>
    tl.atomic_add(i_ptr + offs, offs, sem="relaxed")
    # CHECK: {kind = "max", scope = "gpu", sem = "acq_rel"}
    # CHECK: {kind = "umax", scope = "cta", sem = "acq_rel"}
    # CHECK: {kind = "fmin", scope = "sys", sem = "release"}
    tl.atomic_max(i_ptr + offs, 3)
    tl.atomic_max(u_ptr + offs, 3, scope="cta")
    tl.atomic_min(f_ptr + offs, 0.0, sem="release", scope="sys")
    # CHECK: {kind = "and"
    # CHECK: {kind = "or"
    # CHECK: {kind = "xor"
    tl.atomic_and(i_ptr, 1)
    tl.atomic_or(i_ptr, 2)
    tl.atomic_xor(i_ptr, 4)
    # CHECK: "kir.atomic_cas"(%arg1, {{.*}}) {scope = "sys", sem = "acquire"} : (!kir.ptr<i32>, i32, i32) -> i32
    prev = tl.atomic_cas(i_ptr, 0, 1, sem="acquire", scope="sys")
    # CHECK: "kir.atomic_cas"(%arg1, {{.*}}) {scope = "gpu", sem = "acq_rel"} : (!kir.ptr<i32>, i32, i32) -> i32
    tl.atomic_cas(i_ptr, 1, 0)
    # CHECK: {kind = "xchg", scope = "cta", sem = "acq_rel"} : (!kir.ptr<i32>, i32) -> i32
    tl.atomic_xchg(i_ptr, prev, scope="cta")
    tl.store(f_ptr + offs, old)
