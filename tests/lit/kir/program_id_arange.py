# RUN: %kcc --emit=kir --signature 'x_ptr=*i32' -D BLOCK=32 %s | FileCheck %s
# tl.program_id / tl.num_programs (axis positional or keyword) and tl.arange (int32).
import triton
import triton.language as tl


@triton.jit
def grid(x_ptr, BLOCK: tl.constexpr):
    # CHECK: "kir.program_id"() {axis = 0 : i32} : () -> i32
    # CHECK: "kir.program_id"() {axis = 1 : i32} : () -> i32
    # CHECK: "kir.program_id"() {axis = 2 : i32} : () -> i32
    p = tl.program_id(0) + tl.program_id(axis=1) + tl.program_id(2)
    # CHECK: "kir.num_programs"() {axis = 0 : i32} : () -> i32
    # CHECK: "kir.num_programs"() {axis = 2 : i32} : () -> i32
    q = tl.num_programs(axis=0) * tl.num_programs(2)
    # CHECK: "kir.arange"() {end = 32 : i32, start = 0 : i32} : () -> tensor<32xi32>
    a = tl.arange(0, BLOCK)
    # CHECK: "kir.arange"() {end = 48 : i32, start = 16 : i32} : () -> tensor<32xi32>
    b = tl.arange(16, 48)
    tl.store(x_ptr + a, b + p * q)
