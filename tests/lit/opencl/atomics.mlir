// Atomics: native 32-bit integer atomics, 64-bit through the cl_khr_int64 atom_* functions (the
// pragmas appear only when used), float kinds and fmax/fmin as CAS loops, 8/16-bit ones as a CAS
// on the containing 32-bit word; masked off: no access, result 0; ordered ones fenced.
// RUN: %kcc-opt %s --emit-opencl | FileCheck %s
// RUN: %kcc-opt %s --emit-opencl -o %t.cl
// RUN: sh %root/tests/runtime/build.sh $(dirname %kcc)/../lib %t-run %S/Inputs/run_cl.c
// RUN: %t-run %t.cl build | FileCheck --check-prefix=BUILD %s
// BUILD: {{^(build: ok|skipped: no OpenCL device)}}
// CHECK: #pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
// CHECK-NEXT: #pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable
module {
  func.func @at(%ip: !kir.ptr<i32> {kcc.name = "ip", kcc.type = "*i32"},
                %fp: !kir.ptr<f32> {kcc.name = "fp", kcc.type = "*fp32"},
                %lp: !kir.ptr<i64> {kcc.name = "lp", kcc.type = "*i64"},
                %sp: !kir.ptr<i16> {kcc.name = "sp", kcc.type = "*i16"},
                %cp: !kir.ptr<i8> {kcc.name = "cp", kcc.type = "*i8"},
                %bp: !kir.ptr<bf16> {kcc.name = "bp", kcc.type = "*bf16"},
                %m: i1 {kcc.name = "m", kcc.type = "i1"})
      attributes {kcc.kernel, kcc.threads = 32 : i32, kcc.shared = 0 : i64} {
    %i = arith.constant 3 : i32
    %f = arith.constant 1.5 : f32
    %l = arith.constant 7 : i64
    %s = arith.constant 5 : i16
    %c = arith.constant -2 : i8
    %b = arith.constant 0.25 : bf16
    // CHECK: uint [[A0:v[0-9]+]] = (uint)0;
    // CHECK-NEXT: if ([[M:v[0-9]+]]) {
    // CHECK-NEXT: [[A0]] = (uint)atomic_add((volatile __global uint *)p_ip, (uint){{v[0-9]+}});
    // CHECK-NEXT: }
    %a0 = "kir.atomic_rmw"(%ip, %i, %m) {kind = "add", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i32>, i32, i1) -> i32
    // CHECK: {
    // CHECK-NEXT: mem_fence(CLK_GLOBAL_MEM_FENCE);
    // CHECK-NEXT: {{v[0-9]+}} = (uint)atomic_max((volatile __global int *)p_ip, (int){{v[0-9]+}});
    // CHECK-NEXT: mem_fence(CLK_GLOBAL_MEM_FENCE);
    %a1 = "kir.atomic_rmw"(%ip, %i) {kind = "max", sem = "acq_rel", scope = "gpu"} : (!kir.ptr<i32>, i32) -> i32
    // CHECK: atomic_min((volatile __global uint *)p_ip
    %a2 = "kir.atomic_rmw"(%ip, %i) {kind = "umin", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i32>, i32) -> i32
    // CHECK: = (ulong)atom_add((volatile __global ulong *)p_lp, (ulong){{v[0-9]+}});
    %a3 = "kir.atomic_rmw"(%lp, %l, %m) {kind = "add", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i64>, i64, i1) -> i64
    // CHECK: float [[A4:v[0-9]+]] = (float)0;
    // CHECK: volatile __global uint *w_ = (volatile __global uint *)p_fp;
    // CHECK-NEXT: uint old_ = *w_, seen_;
    // CHECK-NEXT: float x_;
    // CHECK-NEXT: do {
    // CHECK-NEXT: seen_ = old_;
    // CHECK-NEXT: uint m_ = (uint)seen_;
    // CHECK-NEXT: x_ = as_float(m_);
    // CHECK-NEXT: uint n_ = (uint)(as_uint(x_ + {{v[0-9]+}}));
    // CHECK-NEXT: old_ = atomic_cmpxchg(w_, seen_, (uint)n_);
    // CHECK-NEXT: } while (old_ != seen_);
    // CHECK-NEXT: [[A4]] = x_;
    %a4 = "kir.atomic_rmw"(%fp, %f, %m) {kind = "fadd", sem = "relaxed", scope = "gpu"} : (!kir.ptr<f32>, f32, i1) -> f32
    // CHECK: uint n_ = (uint)(as_uint(fmax(x_, {{v[0-9]+}})));
    %a5 = "kir.atomic_rmw"(%fp, %f) {kind = "fmax", sem = "relaxed", scope = "gpu"} : (!kir.ptr<f32>, f32) -> f32
    // CHECK: uint n_ = (uint)(as_uint({{v[0-9]+}}));
    %a6 = "kir.atomic_rmw"(%fp, %f) {kind = "xchg", sem = "relaxed", scope = "gpu"} : (!kir.ptr<f32>, f32) -> f32
    // CHECK: volatile __global uint *w_ = (volatile __global uint *)((ulong)p_sp & ~(ulong)3);
    // CHECK-NEXT: uint sh_ = ((uint)(ulong)p_sp & 3u) * 8u;
    // CHECK: ushort m_ = (ushort)(seen_ >> sh_);
    // CHECK: ushort n_ = (ushort)((ushort)(x_ + {{v[0-9]+}}));
    // CHECK-NEXT: old_ = atomic_cmpxchg(w_, seen_, (seen_ & ~((uint)0xffffu << sh_)) | ((uint)n_ << sh_));
    %a7 = "kir.atomic_rmw"(%sp, %s) {kind = "add", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i16>, i16) -> i16
    // CHECK: uchar n_ = (uchar)((char)x_ < (char){{v[0-9]+}} ? x_ : {{v[0-9]+}});
    // CHECK: (seen_ & ~((uint)0xffu << sh_))
    %a8 = "kir.atomic_rmw"(%cp, %c) {kind = "min", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i8>, i8) -> i8
    // CHECK: x_ = kcc_bf16_from_bits(m_);
    // CHECK-NEXT: ushort n_ = (ushort)(kcc_bf16_bits(kcc_bf16_round(x_ + {{v[0-9]+}})));
    %a9 = "kir.atomic_rmw"(%bp, %b) {kind = "fadd", sem = "relaxed", scope = "gpu"} : (!kir.ptr<bf16>, bf16) -> bf16
    // CHECK: = (uint)atomic_cmpxchg((volatile __global uint *)p_ip, (uint){{v[0-9]+}}, (uint){{v[0-9]+}});
    %a10 = "kir.atomic_cas"(%ip, %i, %a0) {sem = "acq_rel", scope = "gpu"} : (!kir.ptr<i32>, i32, i32) -> i32
    // CHECK: ushort n_ = m_ == (ushort){{v[0-9]+}} ? (ushort){{v[0-9]+}} : m_;
    %a11 = "kir.atomic_cas"(%sp, %s, %a7) {sem = "relaxed", scope = "gpu"} : (!kir.ptr<i16>, i16, i16) -> i16
    // CHECK: uint n_ = m_ == (uint)as_uint({{v[0-9]+}}) ? (uint)as_uint({{v[0-9]+}}) : m_;
    %a12 = "kir.atomic_cas"(%fp, %f, %a4) {sem = "relaxed", scope = "gpu"} : (!kir.ptr<f32>, f32, f32) -> f32
    %sum = arith.addi %a1, %a2 : i32
    %sum2 = arith.addi %sum, %a10 : i32
    "kir.store"(%ip, %sum2) : (!kir.ptr<i32>, i32) -> ()
    return
  }
}
