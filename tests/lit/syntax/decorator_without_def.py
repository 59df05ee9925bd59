# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}decorator_without_def.py:5:1: error: expected 'def' or 'class' after decorators
# Decorators apply to a def or a class.
@triton.jit
x = 1
