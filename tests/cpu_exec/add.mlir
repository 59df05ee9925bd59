// Vector add with a tail mask: out[i] = x[i] + y[i] for i < n, BLOCK = 1024.
module {
  func.func @add(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                 %y: !kir.ptr<f32> {kcc.name = "y_ptr", kcc.type = "*fp32"},
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
    %ys = "kir.splat"(%y) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %yp = "kir.addptr"(%ys, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    %xv = "kir.load"(%xp, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi1>) -> tensor<1024xf32>
    %yv = "kir.load"(%yp, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi1>) -> tensor<1024xf32>
    %sum = arith.addf %xv, %yv : tensor<1024xf32>
    %os = "kir.splat"(%o) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %op = "kir.addptr"(%os, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%op, %sum, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    return
  }
}
