"""Every example kernel in examples/*.py.

* each file's ``# kcc: -k NAME --signature ... -D ...`` line is compiled through the C API
  (``kcc.compile``), and the parameters of the result are checked against the signature;
* the examples with a numpy/torch reference below are loaded as Python modules (``import triton``
  resolved to ``kcc.triton``) and launched through the JIT, so ``@triton.jit`` in the user's file is
  ``kcc.jit``; every example file must either have a reference here or be listed as compile-only.
"""

import glob
import os
import shlex

import numpy as np
import pytest

import kcc
from conftest import ROOT, load_module

EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.py")))


def kcc_line(path):
    with open(path) as f:
        for line in f:
            if line.startswith("# kcc:"):
                return shlex.split(line[len("# kcc:"):])
    return None


def parse(argv):
    kernel, sig, defines = None, [], []
    it = iter(argv)
    for a in it:
        if a == "-k":
            kernel = next(it)
        elif a == "--signature":
            sig.append(next(it))
        elif a == "-D":
            defines.append(next(it))
        elif a.startswith("-D"):
            defines.append(a[2:])
    return kernel, ",".join(sig), defines


def test_examples_exist():
    assert EXAMPLES, "no examples/*.py found"


@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_example_compiles_from_its_kcc_line(path):
    argv = kcc_line(path)
    assert argv is not None, "%s has no '# kcc:' line" % path
    kernel, sig, defines = parse(argv)
    opts = [("define", d) for d in defines]
    with open(path) as f:
        src = f.read()
    k = kcc.compile_source(path, src, [("kernel", kernel), ("signature", sig),
                                       ("target", os.environ.get("KCC_TARGET") or "cpu")] + opts)
    assert k.name == kernel
    names = [e.split("=")[0] for e in sig.split(",") if e]
    assert [p[0] for p in k.params] == names
    assert [p[1] for p in k.params] == [e.split("=", 1)[1] for e in sig.split(",") if e]


# ---- numeric checks through the JIT ---------------------------------------------------------

def ex(name):
    return load_module(os.path.join(ROOT, "examples", name + ".py"))


def rng(seed=0):
    return np.random.default_rng(seed)


def run_vector_add(m):
    n = 3000
    x, y = rng().random(n, np.float32), rng(1).random(n, np.float32)
    out = np.empty_like(x)
    m.add_kernel[(kcc.cdiv(n, 1024),)](x, y, out, n, BLOCK_SIZE=1024)
    np.testing.assert_array_equal(out, x + y)


def run_softmax(m):
    import torch
    x = torch.randn(37, 300)
    y = torch.empty_like(x)
    m.softmax_kernel[(8,)](y, x, x.stride(0), y.stride(0), 37, 300, BLOCK_SIZE=512, num_stages=2)
    torch.testing.assert_close(y, torch.softmax(x, dim=1), rtol=1e-5, atol=1e-6)


def run_matmul(m):
    import torch
    M, N, K = 70, 90, 50
    a, b = torch.randn(M, K).half(), torch.randn(K, N).half()
    c = torch.empty(M, N, dtype=torch.float16)
    grid = lambda meta: (kcc.cdiv(M, meta["BLOCK_SIZE_M"]) * kcc.cdiv(N, meta["BLOCK_SIZE_N"]),)  # noqa
    m.matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                          c.stride(0), c.stride(1), BLOCK_SIZE_M=32, BLOCK_SIZE_N=32,
                          BLOCK_SIZE_K=16, GROUP_SIZE_M=4, ACTIVATION="leaky_relu")
    ref = torch.nn.functional.leaky_relu(a.float() @ b.float(), 0.01)
    torch.testing.assert_close(c.float(), ref, rtol=1e-2, atol=1e-2)
    c32 = torch.empty(M, N)
    m.matmul_kernel[grid](a, b, c32, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                          c32.stride(0), c32.stride(1), BLOCK_SIZE_M=32, BLOCK_SIZE_N=32,
                          BLOCK_SIZE_K=16, GROUP_SIZE_M=4, ACTIVATION="", OUT_FP16=False)
    torch.testing.assert_close(c32, a.float() @ b.float(), rtol=1e-3, atol=1e-3)


def run_block_ptr_matmul(m):
    import torch
    M, N, K = 70, 45, 100
    a, b = torch.randn(M, K).half(), torch.randn(K, N).half()
    c = torch.empty(M, N)
    grid = (kcc.cdiv(M, 32), kcc.cdiv(N, 32))
    m.matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                          c.stride(0), c.stride(1), BLOCK_M=32, BLOCK_N=32, BLOCK_K=32)
    torch.testing.assert_close(c, a.float() @ b.float(), rtol=1e-3, atol=1e-3)


def run_layernorm(m):
    M, N = 9, 700
    x = rng().standard_normal((M, N)).astype(np.float32)
    w, b = rng(1).random(N, np.float32), rng(2).random(N, np.float32)
    y = np.empty_like(x)
    mean, rstd = np.empty(M, np.float32), np.empty(M, np.float32)
    m._layer_norm_fwd_fused[(M,)](x, y, w, b, mean, rstd, x.strides[0] // 4, N, 1e-5,
                                  BLOCK_SIZE=256)
    mu = x.mean(1)
    sd = 1 / np.sqrt(x.var(1) + 1e-5)
    np.testing.assert_allclose(mean, mu, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(rstd, sd, rtol=1e-4)
    np.testing.assert_allclose(y, (x - mu[:, None]) * sd[:, None] * w + b, rtol=1e-4, atol=1e-4)


def run_grid2d(m):
    M, N = 50, 70
    x = rng().random((M, N), np.float32)
    y = rng(1).random((N, M), np.float32)
    out = np.empty((N, M), np.float32)
    m.transpose_add_kernel[(kcc.cdiv(M, 32), kcc.cdiv(N, 64))](
        x, y, out, M, N, x.strides[0] // 4, y.strides[0] // 4, out.strides[0] // 4,
        BLOCK_M=32, BLOCK_N=64)
    np.testing.assert_array_equal(out, x.T + y)


def run_while_loop(m):
    n = 100
    x = np.arange(1, n + 1, dtype=np.int32)
    out = np.empty(n, np.int32)
    m.collatz_steps[(kcc.cdiv(n, 64),)](x, out, n, 1000, BLOCK=64)

    def steps(v):
        s = 0
        while v != 1:
            v = v // 2 if v % 2 == 0 else 3 * v + 1
            s += 1
        return s
    np.testing.assert_array_equal(out, [steps(int(v)) for v in x])


def run_static_range(m):
    n = 200
    x = np.linspace(-1, 1, n).astype(np.float32)
    coef = np.array([1.0, 0.5, -0.25, 0.125, 2.0], np.float32)
    signs = np.array([1, -1, 1, -1, 1], np.float32)
    out = np.empty_like(x)
    m.poly_eval[(kcc.cdiv(n, 128),)](x, coef, out, n, BLOCK=128, DEGREE=4, HORNER=True)
    ref = sum(coef[i] * signs[i] * x.astype(np.float64) ** i for i in range(5))
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    m.poly_eval[(kcc.cdiv(n, 128),)](x, coef, out, n, BLOCK=128, DEGREE=4, HORNER=False)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)


def run_rmsnorm_fp16(m):
    import torch
    R, C = 6, 300
    x = torch.randn(R, C).half()
    w = torch.rand(C).half()
    y = torch.empty_like(x)
    rstd = torch.empty(R)
    m.rms_norm_fwd[(R,)](y, x, w, rstd, y.stride(0), x.stride(0), C, 1e-6, OFFSET=0.0,
                         BLOCK_SIZE=512)
    xf = x.float()
    r = torch.rsqrt((xf * xf).mean(1) + 1e-6)
    torch.testing.assert_close(rstd, r, rtol=1e-3, atol=1e-3)
    torch.testing.assert_close(y.float(), (xf * r[:, None] * w.float()), rtol=1e-2, atol=1e-2)


def run_helper_call(m):
    import torch
    n = 600
    x = torch.linspace(-4, 4, n)
    out = torch.empty(n)
    stats = torch.empty(2 * kcc.cdiv(n, 256))
    for approx in ("tanh", "none"):
        m.fused_gelu_stats[(kcc.cdiv(n, 256),)](x, out, stats, n, BLOCK=256, APPROX=approx)
        ref = torch.nn.functional.gelu(x, approximate=approx)
        torch.testing.assert_close(out, ref, rtol=1e-4, atol=1e-4)
        blocks = ref.split(256)
        torch.testing.assert_close(stats[0::2], torch.stack([b.sum() / 256 for b in blocks]),
                                   rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(stats[1::2], torch.stack([b.max() for b in blocks]))


def run_cumsum_argmax(m):
    R, C = 5, 100
    x = rng().standard_normal((R, C)).astype(np.float32)
    cum = np.empty_like(x)
    idx = np.empty(2 * R, np.int32)
    mx = np.empty(R, np.float32)
    m.row_cumsum_argmax[(R,)](x, cum, idx, mx, C, C, BLOCK=128)
    np.testing.assert_allclose(cum, np.cumsum(x, 1), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(idx[0::2], x.argmax(1))
    np.testing.assert_array_equal(idx[1::2], x.argmax(1))
    np.testing.assert_array_equal(mx, x.max(1))


REFERENCES = {
    "vector_add": run_vector_add, "softmax": run_softmax, "matmul": run_matmul,
    "layernorm": run_layernorm, "grid2d": run_grid2d, "while_loop": run_while_loop,
    "static_range": run_static_range, "rmsnorm_fp16": run_rmsnorm_fp16,
    "helper_call": run_helper_call, "cumsum_argmax": run_cumsum_argmax,
    "block_ptr_matmul": run_block_ptr_matmul,
}
# examples checked only by compiling their `# kcc:` line (their hosts need more set-up than a
# unit test should carry: atomics with locks, bf16 embeddings, flash attention)
COMPILE_ONLY = {"atomics", "embedding", "flash_attention"}


def test_every_example_is_accounted_for():
    names = {os.path.splitext(os.path.basename(p))[0] for p in EXAMPLES}
    missing = names - set(REFERENCES) - COMPILE_ONLY
    assert not missing, "examples without a numeric check or a compile-only entry: %s" % missing


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_example_numerics(name, triton_alias):
    path = os.path.join(ROOT, "examples", name + ".py")
    assert os.path.exists(path), path
    REFERENCES[name](ex(name))
