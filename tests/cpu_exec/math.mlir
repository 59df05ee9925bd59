// exp, exp2, log, log2 of 1024 f32 per program (the polynomial approximations), n masked.
module {
  func.func @math(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                   %o: !kir.ptr<f32> {kcc.name = "out_ptr", kcc.type = "*fp32"},
                   %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %c1024 = arith.constant 1024 : i32
    %start = arith.muli %pid, %c1024 : i32
    %r = "kir.arange"() {start = 0 : i32, end = 1024 : i32} : () -> tensor<1024xi32>
    %s = "kir.splat"(%start) : (i32) -> tensor<1024xi32>
    %offs = arith.addi %s, %r : tensor<1024xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offs, %ns : tensor<1024xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %xp = "kir.addptr"(%xs, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    %xv = "kir.load"(%xp, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi1>) -> tensor<1024xf32>
    %e = math.exp %xv : tensor<1024xf32>
    %e2 = math.exp2 %xv : tensor<1024xf32>
    %l = math.log %xv : tensor<1024xf32>
    %l2 = math.log2 %xv : tensor<1024xf32>
    %os = "kir.splat"(%o) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %p0 = "kir.addptr"(%os, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%p0, %e, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    %p1 = "kir.addptr"(%p0, %ns) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%p1, %e2, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    %p2 = "kir.addptr"(%p1, %ns) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%p2, %l, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    %p3 = "kir.addptr"(%p2, %ns) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%p3, %l2, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    return
  }
}
