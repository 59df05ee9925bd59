# Located errors of the element-moving builtins (frontend/gen_rearrange.c), one kernel each.
# RUN: not %kcc -k flip_dim -D D=2 --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=FLIP %s
# FLIP: rearrange_args.py:32:75: error: tl.flip: dim 2 is out of range for a tensor of rank 2
# RUN: not %kcc -k flip_scalar --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=FLIPS %s
# FLIPS: rearrange_args.py:37:17: error: tl.flip: x must be a block, got a scalar
# RUN: not %kcc -k gather_rank --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=GRANK %s
# GRANK: rearrange_args.py:43:35: error: tl.gather: source and index must have the same rank, got <8x4xfp32> and <8xint32>
# RUN: not %kcc -k gather_axis --signature 'p=*fp32,a=i32' %s 2>&1 | FileCheck --check-prefix=GAXIS %s
# GAXIS: rearrange_args.py:49:35: error: axis must be a constexpr integer, got tensor of type int32
# RUN: not %kcc -k gather_float_index --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=GIDX %s
# GIDX: rearrange_args.py:55:35: error: tl.gather: index must be an integer tensor, got <8xfp32>
# RUN: not %kcc -k histogram_2d --signature 'p=*i32' %s 2>&1 | FileCheck --check-prefix=HIST %s
# HIST: rearrange_args.py:61:35: error: tl.histogram needs a 1-D input, got <4x4xint32>
# RUN: not %kcc -k topk_k --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=TOPK %s
# TOPK: rearrange_args.py:67:35: error: tl.topk: k must be a power of 2 of at most 16, got 3
# RUN: not %kcc -k squeeze_size --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=SQ %s
# SQ: rearrange_args.py:73:36: error: tl.squeeze: dimension 0 of <16xfp32> has size 16, not 1
# RUN: not %kcc -k item_many --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=ITEM %s
# ITEM: rearrange_args.py:79:17: error: tl.item needs a single-element tensor, got <16xfp32>
# RUN: not %kcc -k cat_types --signature 'p=*fp32' %s 2>&1 | FileCheck --check-prefix=CAT %s
# CAT: rearrange_args.py:85:36: error: tl.cat needs two tensors of the same type, got <16xfp32> and <16xint32>
# RUN: not %kcc -k getattr_runtime --signature 'p=*fp32,n=i32' %s 2>&1 | FileCheck --check-prefix=GA %s
# GA: rearrange_args.py:91:36: error: getattr()'s attribute name must be a constexpr string, got tensor of type int32
import triton
import triton.language as tl
from triton.language.extra import libdevice


@triton.jit
def flip_dim(p, D: tl.constexpr):
    x = tl.load(p + tl.arange(0, 8)[:, None] * 4 + tl.arange(0, 4)[None, :])
    tl.store(p + tl.arange(0, 8)[:, None] * 4 + tl.arange(0, 4)[None, :], tl.flip(x, D))


@triton.jit
def flip_scalar(p):
    tl.store(p, tl.flip(tl.load(p)))


@triton.jit
def gather_rank(p):
    x = tl.load(p + tl.arange(0, 8)[:, None] * 4 + tl.arange(0, 4)[None, :])
    tl.store(p + tl.arange(0, 8), tl.gather(x, tl.arange(0, 8), 0))


@triton.jit
def gather_axis(p, a):
    x = tl.load(p + tl.arange(0, 8))
    tl.store(p + tl.arange(0, 8), tl.gather(x, tl.arange(0, 8), a))


@triton.jit
def gather_float_index(p):
    x = tl.load(p + tl.arange(0, 8))
    tl.store(p + tl.arange(0, 8), tl.gather(x, x, 0))


@triton.jit
def histogram_2d(p):
    x = tl.load(p + tl.arange(0, 4)[:, None] * 4 + tl.arange(0, 4)[None, :])
    tl.store(p + tl.arange(0, 8), tl.histogram(x, 8))


@triton.jit
def topk_k(p):
    x = tl.load(p + tl.arange(0, 16))
    tl.store(p + tl.arange(0, 4), tl.topk(x, 3))


@triton.jit
def squeeze_size(p):
    x = tl.load(p + tl.arange(0, 16))
    tl.store(p + tl.arange(0, 16), tl.squeeze(x, 0))


@triton.jit
def item_many(p):
    x = tl.load(p + tl.arange(0, 16))
    tl.store(p, x.item())


@triton.jit
def cat_types(p):
    x = tl.load(p + tl.arange(0, 16))
    tl.store(p + tl.arange(0, 32), tl.cat(x, tl.arange(0, 16)))


@triton.jit
def getattr_runtime(p, n):
    x = tl.load(p + tl.arange(0, 16))
    tl.store(p + tl.arange(0, 16), getattr(libdevice, n)(x))
