# The kernel metadata names each pointer parameter the kernel may write through ("writes NAME",
# docs/kir.md "Kernel metadata"): the pointer of every store / atomic traced back to parameters.
# RUN: %kcc %s -k store --signature 'x_ptr=*fp32,out_ptr=*fp32' --emit=mlir-llvm | FileCheck --check-prefix=STORE %s
# STORE: @kcc_meta_store("kcc-meta 1\0Akernel store\0Aparam x_ptr *fp32\0Aparam out_ptr *fp32\0Athreads 1\0Ashared 0\0Awrites out_ptr\0Aend\0A\00")
# RUN: %kcc %s -k atomic --signature 'x_ptr=*fp32,acc_ptr=*fp32,cnt_ptr=*i32' --emit=mlir-llvm | FileCheck --check-prefix=ATOMIC %s
# ATOMIC: @kcc_meta_atomic("{{.*}}\0Aparam cnt_ptr *i32\0Athreads 1\0Ashared 0\0Awrites acc_ptr\0Awrites cnt_ptr\0Aend\0A\00")
# RUN: %kcc %s -k loop --signature 'a_ptr=*fp32,b_ptr=*fp32,c_ptr=*fp32,n=i32' --emit=mlir-llvm | FileCheck --check-prefix=LOOP %s
# LOOP: @kcc_meta_loop("{{.*}}\0Ashared 0\0Awrites b_ptr\0Awrites c_ptr\0Aend\0A\00")
# A pointer made from an integer: which parameter it came from is lost, so every pointer counts.
# RUN: %kcc %s -k lost --signature 'x_ptr=*fp32,y_ptr=*fp32,n=i32' --emit=mlir-llvm | FileCheck --check-prefix=LOST %s
# LOST: @kcc_meta_lost("{{.*}}\0Ashared 0\0Awrites x_ptr\0Awrites y_ptr\0Aend\0A\00")
# A kernel that stores nothing writes nothing.
# RUN: %kcc %s -k reads --signature 'x_ptr=*fp32' --emit=mlir-llvm | FileCheck --check-prefix=READS %s
# READS: @kcc_meta_reads("{{.*}}\0Ashared 0\0Aend\0A\00")
import triton
import triton.language as tl


@triton.jit
def store(x_ptr, out_ptr):
    offs = tl.arange(0, 16)
    tl.store(out_ptr + offs, tl.load(x_ptr + offs) * 2)


@triton.jit
def atomic(x_ptr, acc_ptr, cnt_ptr):
    offs = tl.arange(0, 16)
    tl.atomic_add(acc_ptr, tl.sum(tl.load(x_ptr + offs), axis=0))
    tl.atomic_cas(cnt_ptr, 0, 1)


@triton.jit
def loop(a_ptr, b_ptr, c_ptr, n):
    offs = tl.arange(0, 16)
    p = b_ptr
    q = a_ptr
    for i in range(n):
        tl.store(p + offs, tl.load(q + offs))
        p += 16
        q += 16
    if n > 4:
        r = c_ptr
    else:
        r = c_ptr + 16
    tl.store(r + offs, tl.zeros((16,), tl.float32))


@triton.jit
def lost(x_ptr, y_ptr, n):
    offs = tl.arange(0, 16)
    p = (x_ptr.to(tl.int64) + 0).to(tl.pointer_type(tl.float32))
    tl.store(p + offs, tl.load(y_ptr + offs))


@triton.jit
def reads(x_ptr):
    offs = tl.arange(0, 16)
    tl.device_print("x", tl.load(x_ptr + offs))
