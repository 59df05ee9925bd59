// Integer and float arith on scalars: unsigned C types with signed casts, guarded division,
// shifts, casts, cmpf predicates (ordered and unordered), math built-ins; the source builds on a
// real OpenCL compiler when there is one.
// RUN: %kcc-opt %s --emit-opencl | FileCheck %s
// RUN: %kcc-opt %s --emit-opencl -o %t.cl
// RUN: sh %root/tests/runtime/build.sh $(dirname %kcc)/../lib %t-run %S/Inputs/run_cl.c
// RUN: %t-run %t.cl build | FileCheck --check-prefix=BUILD %s
// BUILD: {{^(build: ok|skipped: no OpenCL device)}}
module {
  func.func @k(%p: !kir.ptr<i32> {kcc.name = "p", kcc.type = "*i32"},
               %a: i32 {kcc.name = "a", kcc.type = "i32"}, %b: i32 {kcc.name = "b", kcc.type = "i32"},
               %c: i8 {kcc.name = "c", kcc.type = "i8"}, %l: i64 {kcc.name = "l", kcc.type = "i64"},
               %x: f32 {kcc.name = "x", kcc.type = "fp32"}, %y: f32 {kcc.name = "y", kcc.type = "fp32"},
               %dd: f64 {kcc.name = "d", kcc.type = "fp64"})
      attributes {kcc.kernel, kcc.threads = 32 : i32, kcc.shared = 0 : i64} {
// CHECK-LABEL: __kernel __attribute__((reqd_work_group_size(32, 1, 1))) void k(__global uint *p_p, uint p_a, uint p_b, uchar p_c, ulong p_l, float p_x, float p_y, double p_d) {
    // CHECK: uint [[ADD:v[0-9]+]] = (uint)((uint)p_a + (uint)p_b);
    %0 = arith.addi %a, %b : i32
    // CHECK: uchar {{v[0-9]+}} = (uchar)((uint)p_c * (uint)p_c);
    %1 = arith.muli %c, %c : i8
    // CHECK: uint {{v[0-9]+}} = p_b == 0 ? (uint)0 : (int)p_b == -1 ? (uint)((uint)0 - (uint)p_a) : (uint)((int)p_a / (int)p_b);
    %2 = arith.divsi %a, %b : i32
    // CHECK: uint {{v[0-9]+}} = (p_b == 0 || (int)p_b == -1) ? (uint)0 : (uint)((int)p_a % (int)p_b);
    %3 = arith.remsi %a, %b : i32
    // CHECK: uint {{v[0-9]+}} = p_b == 0 ? (uint)0 : (uint)(p_a / p_b);
    %4 = arith.divui %a, %b : i32
    // CHECK: uint {{v[0-9]+}} = p_b == 0 ? (uint)0 : (uint)(p_a % p_b);
    %5 = arith.remui %a, %b : i32
    // CHECK: uint [[FD:v[0-9]+]];
    // CHECK-NEXT: {
    // CHECK-NEXT: uint q_ =
    // CHECK-NEXT: uint r_ =
    // CHECK-NEXT: [[FD]] = (uint)(q_ - (uint)(r_ != 0 && (((int)r_ < 0) != ((int)p_b < 0))));
    %6 = arith.floordivsi %a, %b : i32
    // CHECK: = (uint)(q_ + (uint)(r_ != 0 && (((int)r_ < 0) == ((int)p_b < 0))));
    %7 = arith.ceildivsi %a, %b : i32
    // CHECK: = (uint)p_b >= 32 ? (uint)0 : (uint)((uint)p_a << (uint)p_b);
    %8 = arith.shli %a, %b : i32
    // CHECK: = (uint)((int)(int)p_a >> ((uint)p_b >= 32 ? 31 : (uint)p_b));
    %9 = arith.shrsi %a, %b : i32
    // CHECK: bool {{v[0-9]+}} = (int)p_a < (int)p_b;
    %10 = arith.cmpi slt, %a, %b : i32
    // CHECK: bool {{v[0-9]+}} = p_a < p_b;
    %11 = arith.cmpi ult, %a, %b : i32
    // CHECK: uint {{v[0-9]+}} = (int)p_a > (int)p_b ? p_a : p_b;
    %12 = arith.maxsi %a, %b : i32
    // CHECK: ulong {{v[0-9]+}} = (ulong)(long)(char)p_c;
    %13 = arith.extsi %c : i8 to i64
    // CHECK: ulong {{v[0-9]+}} = (ulong)p_c;
    %14 = arith.extui %c : i8 to i64
    // CHECK: uchar {{v[0-9]+}} = (uchar)p_l;
    %15 = arith.trunci %l : i64 to i8
    // CHECK: float {{v[0-9]+}} = (float)(int)p_a;
    %16 = arith.sitofp %a : i32 to f32
    // CHECK: uint {{v[0-9]+}} = (uint)convert_int_sat_rtz(p_x);
    %17 = arith.fptosi %x : f32 to i32
    // CHECK: uint {{v[0-9]+}} = (uint)as_uint(p_x);
    %18 = arith.bitcast %x : f32 to i32
    // CHECK: uint {{v[0-9]+}} = (uint)(-5);
    %c5 = arith.constant -5 : i32
    // CHECK: uint {{v[0-9]+}} = (uint)clz(p_a);
    %19 = math.ctlz %a : i32
    // CHECK: uint {{v[0-9]+}} = (uint)popcount(p_a);
    %20 = math.ctpop %a : i32
    // CHECK: float {{v[0-9]+}} = p_x / p_y;
    %21 = arith.divf %x, %y : f32
    // CHECK: float {{v[0-9]+}} = fmax(p_x, p_y);
    %22 = arith.maxnumf %x, %y : f32
    // CHECK: float {{v[0-9]+}} = isnan(p_x) ? p_x : isnan(p_y) ? p_y : fmin(p_x, p_y);
    %23 = arith.minimumf %x, %y : f32
    // CHECK: bool {{v[0-9]+}} = p_x < p_y;
    %24 = arith.cmpf olt, %x, %y : f32
    // CHECK: bool {{v[0-9]+}} = !(p_x >= p_y);
    %25 = arith.cmpf ult, %x, %y : f32
    // CHECK: bool {{v[0-9]+}} = p_x != p_y;
    %26 = arith.cmpf une, %x, %y : f32
    // CHECK: bool {{v[0-9]+}} = isunordered(p_x, p_y) != 0;
    %27 = arith.cmpf uno, %x, %y : f32
    // CHECK: bool {{v[0-9]+}} = islessgreater(p_x, p_y) != 0;
    %28 = arith.cmpf one, %x, %y : f32
    // CHECK: bool {{v[0-9]+}} = islessgreater(p_x, p_y) == 0;
    %29 = arith.cmpf ueq, %x, %y : f32
    // CHECK: float {{v[0-9]+}} = erf(p_x);
    %30 = math.erf %x : f32
    // CHECK: float {{v[0-9]+}} = exp2(p_x);
    %31 = math.exp2 %x : f32
    // CHECK: float {{v[0-9]+}} = rint(p_x);
    %32 = math.roundeven %x : f32
    // CHECK: float {{v[0-9]+}} = fma(p_x, p_y, p_x);
    %33 = math.fma %x, %y, %x : f32
    // CHECK: double {{v[0-9]+}} = exp(p_d);
    %34 = math.exp %dd : f64
    // CHECK: float {{v[0-9]+}} = (float)p_d;
    %35 = arith.truncf %dd : f64 to f32
    // CHECK: float {{v[0-9]+}} = -INFINITY;
    %36 = arith.constant 0xFF800000 : f32
    // CHECK: float {{v[0-9]+}} = 0.100000001f;
    %37 = arith.constant 0.1 : f32
    // CHECK: bool {{v[0-9]+}} = isinf(p_x) != 0;
    %38 = math.isinf %x : f32
    // CHECK: uint {{v[0-9]+}} = p_a == 0 ? (uint)32 : (uint)popcount((uint)(~p_a & (p_a - 1)));
    %39 = math.cttz %a : i32
    // CHECK: uint {{v[0-9]+}} = (uint)((uint)p_a * (uint)p_b);
    // CHECK-NEXT: uint {{v[0-9]+}} = (uint)mul_hi((int)p_a, (int)p_b);
    %40:2 = arith.mulsi_extended %a, %b : i32
    %s = arith.addi %0, %40#1 : i32
    "kir.store"(%p, %s) : (!kir.ptr<i32>, i32) -> ()
    return
  }
}
