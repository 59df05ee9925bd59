# -D values are Python literals (numbers, strings, True/False/None, tuples, tl.<dtype>): names,
# calls and expressions are rejected at the parameter.
# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32' -D BLOCK=abc %s 2>&1 | FileCheck %s
# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32' -D "BLOCK=__import__('os')" %s 2>&1 | FileCheck %s --check-prefix=CALL
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32' -D BLOCK=16 -D DT=tl.float16 %s | FileCheck %s --check-prefix=OK
# CHECK: define_not_a_literal.py:16:14: error: invalid value for constexpr 'BLOCK': 'abc' is not a Python literal
# CALL: define_not_a_literal.py:16:14: error: invalid value for constexpr 'BLOCK': '__import__('os')' is not a Python literal
# OK: arith.truncf {{.*}} to tensor<16xf16>
import triton
import triton.language as language

# the file calls the language `language`; -D DT=tl.float16 still names it


@triton.jit
def k(x_ptr, BLOCK: language.constexpr, DT: language.constexpr = language.float32):
    offs = language.arange(0, BLOCK)
    x = language.load(x_ptr + offs).to(DT)
    language.store(x_ptr + offs, x)
