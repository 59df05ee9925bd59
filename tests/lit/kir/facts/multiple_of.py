# tl.multiple_of from the kernel source reaches kir as kcc.divisibility and the shared tile
# analysis uses it: the offsets of a gathered tile read from memory become a run of 16-byte
# aligned vectors (vec16=4) only with the hints, and `x_ptr` specialised with `:16` is aligned.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32:16,idx_ptr=*i32,out_ptr=*fp32:16' -D BLOCK=64 -D HINT=True %s | FileCheck --check-prefix=KIR %s
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32:16,idx_ptr=*i32,out_ptr=*fp32:16' -D BLOCK=64 -D HINT=True %s | %kcc-opt - --tile-facts | FileCheck --check-prefix=WITH %s
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32:16,idx_ptr=*i32,out_ptr=*fp32:16' -D BLOCK=64 -D HINT=False %s | %kcc-opt - --tile-facts | FileCheck --check-prefix=WITHOUT %s
import triton
import triton.language as tl


@triton.jit
def gather_rows(x_ptr, idx_ptr, out_ptr, BLOCK: tl.constexpr, HINT: tl.constexpr):
    pid = tl.program_id(0)
    base = tl.load(idx_ptr + pid)  # a row start read from memory: nothing known about it
    if HINT:
        base = tl.multiple_of(base, 16)
    offs = base + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr + pid * BLOCK + tl.arange(0, BLOCK), x)

# KIR: func.func @gather_rows(%arg0: !kir.ptr<f32> {kcc.divisibility = array<i64: 16>, kcc.name = "x_ptr"
# KIR: kir.load{{.*}}kcc.divisibility = array<i64: 16>{{.*}} -> i32

# WITH: kir.load{{.*}}kcc.vec16 = 4 : i64} : (tensor<64x!kir.ptr<f32>>)
# WITH: kir.store{{.*}}kcc.vec16 = 4
# WITHOUT: kir.load{{.*}}kcc.vec16 = 1 : i64} : (tensor<64x!kir.ptr<f32>>)
# WITHOUT: kir.store{{.*}}kcc.vec16 = 4
