# kcc: -k collatz_steps --signature 'x_ptr=*i32,out_ptr=*i32,n=i32,max_steps=i32' -D BLOCK=64
"""Runtime while loops: a per-program scalar loop (Collatz steps of each element, walked one at
a time) with loop-carried scalars and a compound condition."""
import triton
import triton.language as tl


@triton.jit
def collatz_steps(x_ptr, out_ptr, n, max_steps, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    start = pid * BLOCK
    i = 0
    while i < BLOCK and start + i < n:
        v = tl.load(x_ptr + start + i)
        steps = 0
        while v != 1 and steps < max_steps:
            if v % 2 == 0:
                v = v // 2
            else:
                v = 3 * v + 1
            steps += 1
        tl.store(out_ptr + start + i, steps)
        i += 1
