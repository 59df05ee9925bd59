// LLVM's own diagnostics (here the stack-size warning a huge frame raises) reach kcc's Diag, as
// a note, and never LLVM's default printer on stderr: the library never prints.
// RUN: %kcc-opt %s --emit=asm -o /dev/null 2>&1 | FileCheck %s
// CHECK-NOT: {{^}}warning:
// CHECK: kcc: note: LLVM warning: {{.*}}stack frame size (16392) exceeds limit (16) in function 'f'
// CHECK-NOT: {{^}}warning:
module {
  llvm.func @f(%n: i64) -> f32 attributes {passthrough = [["warn-stack-size", "16"]]} {
    %c = llvm.mlir.constant(4096 : i64) : i64
    %p = llvm.alloca %c x f32 : (i64) -> !llvm.ptr
    llvm.call @g(%p) : (!llvm.ptr) -> ()
    %v = llvm.load %p : !llvm.ptr -> f32
    llvm.return %v : f32
  }
  llvm.func @g(!llvm.ptr)
}
