# kcc: -k embedding_kernel --signature 'out_ptr=*bf16,weight_ptr=*bf16,indices_ptr=*i64,n_indices=i32,embedding_dim=i32,padding_idx=i64' -D BLOCK_M=16 -D BLOCK_N=128 -D HAS_PADDING=True
"""Embedding lookup (gather): indices are loaded, then used in pointer arithmetic to gather rows
of the weight matrix; a padding index gives zero rows."""
import triton
import triton.language as tl


@triton.jit
def embedding_kernel(out_ptr, weight_ptr, indices_ptr, n_indices, embedding_dim, padding_idx,
                     BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, HAS_PADDING: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    m_mask = offs_m < n_indices
    n_mask = offs_n < embedding_dim
    idx = tl.load(indices_ptr + offs_m, mask=m_mask, other=0)
    mask = m_mask[:, None] & n_mask[None, :]
    if HAS_PADDING:
        mask = mask & (idx != padding_idx)[:, None]
    rows = weight_ptr + idx[:, None] * embedding_dim + offs_n[None, :]
    vals = tl.load(rows, mask=mask, other=0.0)
    out = out_ptr + offs_m.to(tl.int64)[:, None] * embedding_dim + offs_n[None, :]
    tl.store(out, vals, mask=m_mask[:, None] & n_mask[None, :])
