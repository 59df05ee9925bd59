// kir with a tensor: not per-thread IR.
module {
  func.func @k(%p: !kir.ptr<i32> {kcc.name = "p", kcc.type = "*i32"})
      attributes {kcc.kernel} {
    %c = arith.constant 1 : i32
    %r = "kir.arange"() {start = 0 : i32, end = 16 : i32} : () -> tensor<16xi32>
    return
  }
}
