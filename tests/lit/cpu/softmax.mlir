// Softmax: exp is a polynomial of arith ops (no libm call per element), so every loop of the
// row vectorizes: a vectorized max reduction, exp, a vectorized sum, the division. Sums keep the
// sign of zero (reassoc only); max/min may also ignore it (nsz).
// RUN: %kcc-opt %s --cpu-lower-kir | FileCheck %s --check-prefix=KIR
// RUN: %kcc-opt %s --emit=llvm -t cpu:x86-64-v4 | FileCheck %s

// KIR-NOT: math.exp
// KIR: arith.maxnumf {{.*}} fastmath<reassoc,nsz>
// KIR: arith.addf {{.*}} fastmath<reassoc>

// CHECK-NOT: expf
// CHECK: define void @softmax(
// CHECK-DAG: @llvm.masked.load.v{{8|16}}f32
// CHECK-DAG: @llvm.vector.reduce.fmax.v{{8|16}}f32
// CHECK-DAG: @llvm.vector.reduce.fadd.v{{8|16}}f32
// CHECK-DAG: fdiv <{{8|16}} x float>
// CHECK-DAG: @llvm.masked.store.v{{8|16}}f32
module {
  func.func @softmax(%in: !kir.ptr<f32> {kcc.name = "in_ptr", kcc.type = "*fp32"},
                     %out: !kir.ptr<f32> {kcc.name = "out_ptr", kcc.type = "*fp32"},
                     %stride: i32 {kcc.name = "stride", kcc.type = "i32"},
                     %ncols: i32 {kcc.name = "n_cols", kcc.type = "i32"}) attributes {kcc.kernel} {
    %row = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %rs = arith.muli %row, %stride : i32
    %inrow = "kir.addptr"(%in, %rs) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32>
    %outrow = "kir.addptr"(%out, %rs) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32>
    %offs = "kir.arange"() {start = 0 : i32, end = 1024 : i32} : () -> tensor<1024xi32>
    %ns = "kir.splat"(%ncols) : (i32) -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offs, %ns : tensor<1024xi32>
    %ib = "kir.splat"(%inrow) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %ip = "kir.addptr"(%ib, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    %ninf = arith.constant dense<0xFF800000> : tensor<1024xf32>
    %x0 = "kir.load"(%ip, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi1>) -> tensor<1024xf32>
    %x = arith.select %mask, %x0, %ninf : tensor<1024xi1>, tensor<1024xf32>
    %m = "kir.reduce"(%x) ({
    ^bb0(%a: f32, %b: f32):
      %mx = arith.maxnumf %a, %b : f32
      "gpu.yield"(%mx) : (f32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 0 : i32} : (tensor<1024xf32>) -> f32
    %ms = "kir.splat"(%m) : (f32) -> tensor<1024xf32>
    %xm = arith.subf %x, %ms : tensor<1024xf32>
    %e = math.exp %xm : tensor<1024xf32>
    %s = "kir.reduce"(%e) ({
    ^bb0(%a: f32, %b: f32):
      %sum = arith.addf %a, %b : f32
      "gpu.yield"(%sum) : (f32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 0 : i32} : (tensor<1024xf32>) -> f32
    %ss = "kir.splat"(%s) : (f32) -> tensor<1024xf32>
    %y = arith.divf %e, %ss : tensor<1024xf32>
    %ob = "kir.splat"(%outrow) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %op = "kir.addptr"(%ob, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%op, %y, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    return
  }
}
