// Integer division never traps: x / y and x % y (signed and unsigned) with zero divisors and
// INT_MIN / -1 in live lanes and in masked-off lanes, plus int32 wraparound of x * 1000003 +
// 2147483647.
module {
  func.func @divmod(%x: !kir.ptr<i32> {kcc.name = "x_ptr", kcc.type = "*i32"},
                    %y: !kir.ptr<i32> {kcc.name = "y_ptr", kcc.type = "*i32"},
                    %o: !kir.ptr<i32> {kcc.name = "o_ptr", kcc.type = "*i32"},
                    %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<64xi32>
    %mask = arith.cmpi slt, %r, %ns : tensor<64xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %xp = "kir.addptr"(%xs, %r) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %ys = "kir.splat"(%y) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %yp = "kir.addptr"(%ys, %r) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %xv = "kir.load"(%xp, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi1>) -> tensor<64xi32>
    %yv = "kir.load"(%yp, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi1>) -> tensor<64xi32>
    %q = arith.divsi %xv, %yv : tensor<64xi32>
    %rm = arith.remsi %xv, %yv : tensor<64xi32>
    %qu = arith.divui %xv, %yv : tensor<64xi32>
    %ru = arith.remui %xv, %yv : tensor<64xi32>
    %big = arith.constant dense<1000003> : tensor<64xi32>
    %max = arith.constant dense<2147483647> : tensor<64xi32>
    %w0 = arith.muli %xv, %big : tensor<64xi32>
    %w = arith.addi %w0, %max : tensor<64xi32>
    %os = "kir.splat"(%o) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %p0 = "kir.addptr"(%os, %r) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %c64 = arith.constant dense<64> : tensor<64xi32>
    %p1 = "kir.addptr"(%p0, %c64) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %p2 = "kir.addptr"(%p1, %c64) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %p3 = "kir.addptr"(%p2, %c64) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %p4 = "kir.addptr"(%p3, %c64) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    "kir.store"(%p0, %q, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>, tensor<64xi1>) -> ()
    "kir.store"(%p1, %rm, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>, tensor<64xi1>) -> ()
    "kir.store"(%p2, %qu, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>, tensor<64xi1>) -> ()
    "kir.store"(%p3, %ru, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>, tensor<64xi1>) -> ()
    "kir.store"(%p4, %w, %mask) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>, tensor<64xi1>) -> ()
    return
  }
}
