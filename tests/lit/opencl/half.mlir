// fp16 and bf16: parameters and memory as 16-bit bits, computed in float and rounded back after
// each op (vstore_half_rte for fp16; round-to-nearest-even on the high half for bf16).
// RUN: %kcc-opt %s --emit-opencl | FileCheck %s
// RUN: %kcc-opt %s --emit-opencl -o %t.cl
// RUN: sh %root/tests/runtime/build.sh $(dirname %kcc)/../lib %t-run %S/Inputs/run_cl.c
// RUN: %t-run %t.cl build | FileCheck --check-prefix=BUILD %s
// BUILD: {{^(build: ok|skipped: no OpenCL device)}}
// CHECK: static inline float kcc_f16_from_bits(ushort b) {
// CHECK: vstore_half_rte(x, 0, (__private half *)&b);
// CHECK: static inline ushort kcc_bf16_bits(float x) {
// CHECK-NEXT: uint u = as_uint(x);
// CHECK-NEXT: if (isnan(x)) return (ushort)((u >> 16) | 0x40u);
// CHECK-NEXT: return (ushort)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
// CHECK-LABEL: void h(__global ushort *p_hp, __global ushort *p_bp, ushort p_s, ushort p_t, uchar p_flag) {
// CHECK-NEXT: float [[S:v[0-9]+]] = kcc_f16_from_bits(p_s);
// CHECK-NEXT: float [[T:v[0-9]+]] = kcc_bf16_from_bits(p_t);
// CHECK-NEXT: bool [[F:v[0-9]+]] = (p_flag != 0);
module {
  func.func @h(%hp: !kir.ptr<f16> {kcc.name = "hp", kcc.type = "*fp16"},
               %bp: !kir.ptr<bf16> {kcc.name = "bp", kcc.type = "*bf16"},
               %s: f16 {kcc.name = "s", kcc.type = "fp16"}, %t: bf16 {kcc.name = "t", kcc.type = "bf16"},
               %flag: i1 {kcc.name = "flag", kcc.type = "i1"})
      attributes {kcc.kernel, kcc.threads = 32 : i32, kcc.shared = 0 : i64} {
    // CHECK: float [[H:v[0-9]+]] = kcc_f16_from_bits(*p_hp);
    %h = "kir.load"(%hp) : (!kir.ptr<f16>) -> f16
    // CHECK: float [[B:v[0-9]+]] = [[F]] ? kcc_bf16_from_bits(*p_bp) : (float)0;
    %b = "kir.load"(%bp, %flag) : (!kir.ptr<bf16>, i1) -> bf16
    // CHECK: float [[M:v[0-9]+]] = kcc_f16_round([[H]] * [[S]]);
    %m = arith.mulf %h, %s : f16
    // CHECK: float [[E:v[0-9]+]] = kcc_f16_round(exp([[M]]));
    %e = math.exp %m : f16
    // CHECK: float [[X:v[0-9]+]] = [[E]];
    %x = arith.extf %e : f16 to f32
    // CHECK: float [[A:v[0-9]+]] = kcc_bf16_round([[B]] + [[T]]);
    %a = arith.addf %b, %t : bf16
    // CHECK: float [[TB:v[0-9]+]] = kcc_bf16_round([[X]]);
    %tb = arith.truncf %x : f32 to bf16
    // CHECK: float [[TH:v[0-9]+]] = kcc_f16_round([[X]]);
    %th = arith.truncf %x : f32 to f16
    // CHECK: ushort [[BITS:v[0-9]+]] = (ushort)kcc_f16_bits([[TH]]);
    %bits = arith.bitcast %th : f16 to i16
    // CHECK: float {{v[0-9]+}} = 0.5f;
    // CHECK: 65504.0f
    %half = arith.constant 0.5 : f16
    %max = arith.constant 65504.0 : f16
    %q = arith.addf %half, %max : f16
    // CHECK: *p_hp = kcc_f16_bits({{v[0-9]+}});
    "kir.store"(%hp, %q) : (!kir.ptr<f16>, f16) -> ()
    // CHECK: if ([[F]]) *p_bp = kcc_bf16_bits({{v[0-9]+}});
    %sum = arith.addf %a, %tb : bf16
    "kir.store"(%bp, %sum, %flag) : (!kir.ptr<bf16>, bf16, i1) -> ()
    return
  }
}
