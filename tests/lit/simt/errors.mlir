// Limits of the SIMT lowering are located errors: a kernel that needs more workgroup memory than
// the target has (a 128x128 fp32 layout conversion: 64 KiB > 32 KiB), and simt-lower on a module
// without layouts.
// RUN: not %kcc-opt %s --kgpu-layout --simt-lower 2>&1 | FileCheck %s
// RUN: not %kcc-opt %s --simt-lower 2>&1 | FileCheck --check-prefix=NOLAYOUT %s
// CHECK: errors.mlir:[[@LINE+10]]:{{[0-9]+}}: error: needs 65536 bytes of workgroup memory, more than the 32768 of this target
// NOLAYOUT: simt-lower: the module has no layouts (run kgpu-layout first)
module {
  func.func @big(%p: !kir.ptr<f32> {kcc.name = "p", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 128 : i32} : () -> tensor<128xi32>
    %a = "kir.expand_dims"(%r) {axis = 1 : i32} : (tensor<128xi32>) -> tensor<128x1xi32>
    %b = "kir.broadcast"(%a) : (tensor<128x1xi32>) -> tensor<128x128xi32>
    %ps = "kir.splat"(%p) : (!kir.ptr<f32>) -> tensor<128x128x!kir.ptr<f32>>
    %pp = "kir.addptr"(%ps, %b) : (tensor<128x128x!kir.ptr<f32>>, tensor<128x128xi32>) -> tensor<128x128x!kir.ptr<f32>>
    %x = "kir.load"(%pp) : (tensor<128x128x!kir.ptr<f32>>) -> tensor<128x128xf32>
    %t = "kir.trans"(%x) {order = array<i32: 1, 0>} : (tensor<128x128xf32>) -> tensor<128x128xf32>
    "kir.store"(%pp, %t) : (tensor<128x128x!kir.ptr<f32>>, tensor<128x128xf32>) -> ()
    return
  }
}
