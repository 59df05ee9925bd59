# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}yield_unsupported.py:5:5: error: 'yield' is not supported
# Generators are not supported.
def g():
    yield 1
