# tl.dot on a SIMT target: the accumulator gets the default layout of its shape (the zeros are
# cloned in it, no conversion), a and b go to workgroup memory as row-major tiles (a transposed
# operand included: tl.trans is a move through workgroup memory of its own), and every thread
# runs an FMA loop over K for its accumulator registers.
# RUN: %kcc --emit=kir --signature 'a_ptr=*fp32:16,b_ptr=*fp32:16,c_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout > %t.kgpu
# RUN: FileCheck --check-prefix=KGPU %s < %t.kgpu
# RUN: %kcc-opt %t.kgpu --simt-lower | FileCheck --check-prefix=SIMT %s
import triton
import triton.language as tl


@triton.jit
def mm_bt(a_ptr, b_ptr, c_ptr):
    i = tl.arange(0, 32)
    k = tl.arange(0, 16)
    a = tl.load(a_ptr + i[:, None] * 16 + k[None, :])
    bt = tl.load(b_ptr + i[:, None] * 16 + k[None, :])  # b stored transposed: 32 x 16
    acc = tl.zeros((32, 32), dtype=tl.float32)
    acc = tl.dot(a, tl.trans(bt), acc)
    tl.store(c_ptr + i[:, None] * 32 + i[None, :], acc)

# KGPU: "kir.trans"({{.*}} -> tensor<16x32xf32, {kgpu = "blocked"
# KGPU: "kir.dot"({{.*}} -> tensor<32x32xf32, {kgpu = "blocked", order = array<i32: 1, 0>, spt = array<i32: 1, 4>, tpw = array<i32: 4, 8>, wpc = array<i32: 4, 1>}>
# SIMT: kcc.shared = 4096 : i64, kcc.threads = 128 : i32
# SIMT: memref.view {{.*}} to memref<512xf32, 3>
# SIMT: gpu.barrier
# SIMT: scf.for %{{.*}} = %c0_i32{{.*}} to %c16_i32{{.*}} iter_args(
# SIMT-COUNT-8: math.fma
# SIMT: scf.yield
