# kcc: -k _attn_fwd --signature 'Q=*fp16,K=*fp16,V=*fp16,Out=*fp16,M=*fp32,sm_scale=fp32,stride_qm=i32,stride_kn=i32,stride_vn=i32,stride_om=i32,N_CTX=i32' -D BLOCK_M=64 -D BLOCK_N=32 -D HEAD_DIM=64
"""Flash-attention forward (the online-softmax loop of Triton tutorial 06, pointer-block form):
one program computes BLOCK_M query rows against all keys, in blocks of BLOCK_N."""
import triton
import triton.language as tl


@triton.jit
def _attn_fwd_inner(acc, l_i, m_i, q, K_block_ptr, V_block_ptr, stride_kn, stride_vn, offs_n,
                    N_CTX, qk_scale, BLOCK_N: tl.constexpr, HEAD_DIM: tl.constexpr):
    offs_d = tl.arange(0, HEAD_DIM)
    for start_n in range(0, N_CTX, BLOCK_N):
        start_n = tl.multiple_of(start_n, BLOCK_N)
        n_mask = (start_n + offs_n) < N_CTX
        # -- compute qk ----
        k = tl.load(K_block_ptr + (start_n + offs_n)[:, None] * stride_kn + offs_d[None, :],
                    mask=n_mask[:, None], other=0.0)
        qk = tl.dot(q, tl.trans(k))
        qk = tl.where(n_mask[None, :], qk * qk_scale, -1.0e6)
        m_ij = tl.maximum(m_i, tl.max(qk, 1))
        qk = qk - m_ij[:, None]
        p = tl.math.exp2(qk)
        l_ij = tl.sum(p, 1)
        # -- update m_i and l_i
        alpha = tl.math.exp2(m_i - m_ij)
        l_i = l_i * alpha + l_ij
        # -- update output accumulator --
        acc = acc * alpha[:, None]
        v = tl.load(V_block_ptr + (start_n + offs_n)[:, None] * stride_vn + offs_d[None, :],
                    mask=n_mask[:, None], other=0.0)
        p = p.to(tl.float16)
        acc = tl.dot(p, v, acc)
        # update m_i
        m_i = m_ij
    return acc, l_i, m_i


@triton.jit
def _attn_fwd(Q, K, V, Out, M, sm_scale, stride_qm, stride_kn, stride_vn, stride_om, N_CTX,
              BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, HEAD_DIM: tl.constexpr):
    tl.static_assert(BLOCK_N <= HEAD_DIM)
    start_m = tl.program_id(0)
    off_hz = tl.program_id(1)
    # each (batch, head) pair owns N_CTX rows of Q/K/V/Out
    qo_offset = off_hz.to(tl.int64) * N_CTX * stride_qm
    kv_offset = off_hz.to(tl.int64) * N_CTX * stride_kn
    offs_m = start_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD_DIM)
    m_mask = offs_m < N_CTX
    # initialize running maximum, normaliser and accumulator
    m_i = tl.zeros([BLOCK_M], dtype=tl.float32) - float("inf")
    l_i = tl.zeros([BLOCK_M], dtype=tl.float32) + 1.0
    acc = tl.zeros([BLOCK_M, HEAD_DIM], dtype=tl.float32)
    # load scales: 1/ln(2) so that exp2 can be used
    qk_scale = sm_scale
    qk_scale *= 1.44269504
    q = tl.load(Q + qo_offset + offs_m[:, None] * stride_qm + offs_d[None, :],
                mask=m_mask[:, None], other=0.0)
    acc, l_i, m_i = _attn_fwd_inner(acc, l_i, m_i, q, K + kv_offset, V + kv_offset,
                                    stride_kn, stride_vn, offs_n, N_CTX, qk_scale,
                                    BLOCK_N=BLOCK_N, HEAD_DIM=HEAD_DIM)
    # epilogue
    m_i += tl.math.log2(l_i)
    acc = acc / l_i[:, None]
    m_ptrs = M + off_hz * N_CTX + offs_m
    tl.store(m_ptrs, m_i, mask=m_mask)
    o_ptrs = Out + qo_offset + offs_m[:, None] * stride_om + offs_d[None, :]
    tl.store(o_ptrs, acc.to(Out.type.element_ty), mask=m_mask[:, None])
