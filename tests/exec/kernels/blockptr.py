"""Block pointers (tl.make_block_ptr / tl.advance / boundary_check / padding_option) and
structured values (tuples, block pointers) carried through loops and runtime ifs."""
import triton
import triton.language as tl


@triton.jit
def bp_matmul(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
              BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # the triton-lang/kernels block-pointer matmul shape: both operands advanced along K
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    a_bp = tl.make_block_ptr(base=a_ptr, shape=(M, K), strides=(sam, sak),
                             offsets=(pid_m * BM, 0), block_shape=(BM, BK), order=(1, 0))
    b_bp = tl.make_block_ptr(base=b_ptr, shape=(K, N), strides=(sbk, sbn),
                             offsets=(0, pid_n * BN), block_shape=(BK, BN), order=(1, 0))
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
        a = tl.load(a_bp, boundary_check=(0, 1), padding_option="zero")
        b = tl.load(b_bp, boundary_check=(0, 1), padding_option="zero")
        acc += tl.dot(a, b)
        a_bp = tl.advance(a_bp, (0, BK))
        b_bp = b_bp.advance((BK, 0))
    c_bp = tl.make_block_ptr(base=c_ptr, shape=(M, N), strides=(scm, scn),
                             offsets=(pid_m * BM, pid_n * BN), block_shape=(BM, BN), order=(1, 0))
    tl.store(c_bp, acc, boundary_check=(0, 1))


@triton.jit
def bp_pad_nan(x_ptr, out_ptr, M, N, BM: tl.constexpr, BN: tl.constexpr):
    # one program reads a block hanging over both edges (and one starting at negative offsets)
    pid = tl.program_id(0)
    x_bp = tl.make_block_ptr(x_ptr, (M, N), (N, 1), (pid * (BM // 2) - 2, -3), (BM, BN), (1, 0))
    o_bp = tl.make_block_ptr(out_ptr, (BM * 4, BN), (BN, 1), (pid * BM, 0), (BM, BN), (1, 0))
    tl.store(o_bp, tl.load(x_bp, boundary_check=(0, 1), padding_option="nan"))
    z_bp = tl.make_block_ptr(out_ptr + BM * 4 * BN, (BM * 4, BN), (BN, 1), (pid * BM, 0),
                             (BM, BN), (1, 0))
    tl.store(z_bp, tl.load(x_bp, boundary_check=(1, 0)))


@triton.jit
def bp_transpose_1d_3d(x_ptr, out_ptr, v_ptr, vout_ptr, c_ptr, cout_ptr, R, C, n,
                       B: tl.constexpr, B3: tl.constexpr):
    # x is R x C column-major (strides (1, R)): read a B x B block, store it transposed
    x_bp = tl.make_block_ptr(x_ptr, (R, C), (1, R), (0, 0), (B, B), (0, 1))
    t = tl.load(x_bp, boundary_check=(0, 1))
    o_bp = tl.make_block_ptr(out_ptr, (C, R), (R, 1), (0, 0), (B, B), (1, 0))
    tl.store(o_bp, tl.trans(t), boundary_check=(0, 1))
    # 1-D, walked in a while loop
    v_bp = tl.make_block_ptr(v_ptr, (n,), (1,), (0,), (B,), (0,))
    w_bp = tl.make_block_ptr(vout_ptr, (n,), (1,), (0,), (B,), (0,))
    i = 0
    while i < n:
        tl.store(w_bp, tl.load(v_bp, boundary_check=(0,)) * 2, boundary_check=(0,))
        v_bp = tl.advance(v_bp, (B,))
        w_bp = tl.advance(w_bp, (B,))
        i += B
    # 3-D with a scalar stored to the whole block
    c_bp = tl.make_block_ptr(c_ptr, (B3, B3, B3), (B3 * B3, B3, 1), (0, 0, 0), (B3, B3, B3),
                             (2, 1, 0))
    d_bp = tl.make_block_ptr(cout_ptr, (B3, B3, B3), (B3 * B3, B3, 1), (0, 0, 0), (B3, B3, B3),
                             (2, 1, 0))
    tl.store(d_bp, tl.load(c_bp) + 1)


@triton.jit
def struct_carry(out_ptr, n, flag):
    # a tuple carried through a loop (Fibonacci pairs), a block pointer advanced under a runtime
    # `if`, and a tuple merged from both branches of one
    t = (n * 0, n * 0 + 1)
    for _ in range(n):
        t = (t[1], t[0] + t[1])
    p = tl.make_block_ptr(out_ptr, (64,), (1,), (2,), (4,), (0,))
    if flag > 0:
        p = tl.advance(p, (8,))
        u = (flag, 10)
    else:
        u = (-flag, 20)
    tl.store(out_ptr, t[0])
    tl.store(out_ptr + 1, u[0] + u[1])
    tl.store(p, tl.full((4,), 7, tl.int32))


@triton.jit
def bp_attention_fwd(Q, K, V, Out, sm_scale, N_CTX, sqm, sqd, skn, skd, svn, svd, som, sod,
                     BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, D: tl.constexpr):
    # attention forward in the block-pointer style of triton-lang/kernels (reference A1): K is
    # read transposed through its block pointer (order (0, 1)), exp2 with log2(e) folded into
    # the scale, running max / sum rescaling
    start_m = tl.program_id(0)
    q_bp = tl.make_block_ptr(Q, (N_CTX, D), (sqm, sqd), (start_m * BLOCK_M, 0), (BLOCK_M, D),
                             (1, 0))
    kt_bp = tl.make_block_ptr(K, (D, N_CTX), (skd, skn), (0, 0), (D, BLOCK_N), (0, 1))
    v_bp = tl.make_block_ptr(V, (N_CTX, D), (svn, svd), (0, 0), (BLOCK_N, D), (1, 0))
    m_i = tl.zeros((BLOCK_M,), dtype=tl.float32) - float("inf")
    l_i = tl.zeros((BLOCK_M,), dtype=tl.float32)
    acc = tl.zeros((BLOCK_M, D), dtype=tl.float32)
    qk_scale = sm_scale * 1.44269504
    q = tl.load(q_bp, boundary_check=(0,))
    offs_n = tl.arange(0, BLOCK_N)
    for start_n in range(0, N_CTX, BLOCK_N):
        kt = tl.load(kt_bp, boundary_check=(1,))
        qk = tl.dot(q, kt) * qk_scale
        qk = tl.where((start_n + offs_n)[None, :] < N_CTX, qk, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(qk, 1))
        alpha = tl.math.exp2(m_i - m_new)
        p = tl.math.exp2(qk - m_new[:, None])
        acc = acc * alpha[:, None]
        v = tl.load(v_bp, boundary_check=(0,))
        acc += tl.dot(p, v)
        l_i = l_i * alpha + tl.sum(p, 1)
        m_i = m_new
        kt_bp = tl.advance(kt_bp, (0, BLOCK_N))
        v_bp = tl.advance(v_bp, (BLOCK_N, 0))
    o_bp = tl.make_block_ptr(Out, (N_CTX, D), (som, sod), (start_m * BLOCK_M, 0), (BLOCK_M, D),
                             (1, 0))
    tl.store(o_bp, acc / l_i[:, None], boundary_check=(0,))


@triton.jit
def descriptor_copy(x_ptr, out_ptr, M, N, BM: tl.constexpr, BN: tl.constexpr):
    # tensor descriptors: every dimension is bounds-checked (zero padding on loads, no writes out
    # of bounds); offsets are given at each load/store
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    src = tl.make_tensor_descriptor(x_ptr, shape=[M, N], strides=[N, 1], block_shape=[BM, BN])
    dst = tl.make_tensor_descriptor(out_ptr, [M, N], [N, 1], [BM, BN])
    tile = src.load([pm * BM, pn * BN])
    dst.store([pm * BM, pn * BN], tile * 2 + 1)
    t2 = tl.load_tensor_descriptor(src, [pm * BM, pn * BN])
    tl.store_tensor_descriptor(dst, [pm * BM, pn * BN], tile + t2 + src.block_shape[0] * 0)
