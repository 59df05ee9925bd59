# RUN: %kcc --emit=ast %s | FileCheck %s
# The AST of the Triton tutorial's vector-add kernel: decorator, constexpr-annotated parameter,
# calls with keywords, and the operator locations (binop: its left operand, call: its callee).
import triton
import triton.language as tl


@triton.jit
def add_kernel(x_ptr, y_ptr, output_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    block_start = pid * BLOCK_SIZE
    offsets = block_start + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    y = tl.load(y_ptr + offsets, mask=mask)
    output = x + y
    tl.store(output_ptr + offsets, output, mask=mask)
# CHECK: (Module 1:1
# CHECK-NEXT:   (Import 4:1
# CHECK-NEXT:     (Name 4:8 name='triton'))
# CHECK-NEXT:   (Import 5:1
# CHECK-NEXT:     (Name 5:8 name='triton.language' as='tl'))
# CHECK-NEXT:   (Function 9:1 name='add_kernel'
# CHECK-NEXT:     (decorators
# CHECK-NEXT:       (Attr 8:2 name='jit'
# CHECK-NEXT:         (Name 8:2 name='triton')))
# CHECK-NEXT:     (params
# CHECK-NEXT:       (Param 9:16 name='x_ptr')
# CHECK-NEXT:       (Param 9:23 name='y_ptr')
# CHECK-NEXT:       (Param 9:30 name='output_ptr')
# CHECK-NEXT:       (Param 9:42 name='n_elements')
# CHECK-NEXT:       (Param 9:54 name='BLOCK_SIZE'
# CHECK-NEXT:         (annotation
# CHECK-NEXT:           (Attr 9:66 name='constexpr'
# CHECK-NEXT:             (Name 9:66 name='tl')))))
# CHECK-NEXT:     (body
# CHECK-NEXT:       (Assign 10:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 10:5 name='pid'))
# CHECK-NEXT:         (Call 10:11
# CHECK-NEXT:           (Attr 10:11 name='program_id'
# CHECK-NEXT:             (Name 10:11 name='tl'))
# CHECK-NEXT:           (Keyword 10:25 name='axis'
# CHECK-NEXT:             (Int 10:30 value=0))))
# CHECK-NEXT:       (Assign 11:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 11:5 name='block_start'))
# CHECK-NEXT:         (BinOp 11:19 op='*'
# CHECK-NEXT:           (Name 11:19 name='pid')
# CHECK-NEXT:           (Name 11:25 name='BLOCK_SIZE')))
# CHECK-NEXT:       (Assign 12:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 12:5 name='offsets'))
# CHECK-NEXT:         (BinOp 12:15 op='+'
# CHECK-NEXT:           (Name 12:15 name='block_start')
# CHECK-NEXT:           (Call 12:29
# CHECK-NEXT:             (Attr 12:29 name='arange'
# CHECK-NEXT:               (Name 12:29 name='tl'))
# CHECK-NEXT:             (Int 12:39 value=0)
# CHECK-NEXT:             (Name 12:42 name='BLOCK_SIZE'))))
# CHECK-NEXT:       (Assign 13:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 13:5 name='mask'))
# CHECK-NEXT:         (Compare 13:12 ops=['<']
# CHECK-NEXT:           (Name 13:12 name='offsets')
# CHECK-NEXT:           (Name 13:22 name='n_elements')))
# CHECK-NEXT:       (Assign 14:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 14:5 name='x'))
# CHECK-NEXT:         (Call 14:9
# CHECK-NEXT:           (Attr 14:9 name='load'
# CHECK-NEXT:             (Name 14:9 name='tl'))
# CHECK-NEXT:           (BinOp 14:17 op='+'
# CHECK-NEXT:             (Name 14:17 name='x_ptr')
# CHECK-NEXT:             (Name 14:25 name='offsets'))
# CHECK-NEXT:           (Keyword 14:34 name='mask'
# CHECK-NEXT:             (Name 14:39 name='mask'))))
# CHECK-NEXT:       (Assign 15:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 15:5 name='y'))
# CHECK-NEXT:         (Call 15:9
# CHECK-NEXT:           (Attr 15:9 name='load'
# CHECK-NEXT:             (Name 15:9 name='tl'))
# CHECK-NEXT:           (BinOp 15:17 op='+'
# CHECK-NEXT:             (Name 15:17 name='y_ptr')
# CHECK-NEXT:             (Name 15:25 name='offsets'))
# CHECK-NEXT:           (Keyword 15:34 name='mask'
# CHECK-NEXT:             (Name 15:39 name='mask'))))
# CHECK-NEXT:       (Assign 16:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 16:5 name='output'))
# CHECK-NEXT:         (BinOp 16:14 op='+'
# CHECK-NEXT:           (Name 16:14 name='x')
# CHECK-NEXT:           (Name 16:18 name='y')))
# CHECK-NEXT:       (ExprStmt 17:5
# CHECK-NEXT:         (Call 17:5
# CHECK-NEXT:           (Attr 17:5 name='store'
# CHECK-NEXT:             (Name 17:5 name='tl'))
# CHECK-NEXT:           (BinOp 17:14 op='+'
# CHECK-NEXT:             (Name 17:14 name='output_ptr')
# CHECK-NEXT:             (Name 17:27 name='offsets'))
# CHECK-NEXT:           (Name 17:36 name='output')
# CHECK-NEXT:           (Keyword 17:44 name='mask'
# CHECK-NEXT:             (Name 17:49 name='mask')))))))
