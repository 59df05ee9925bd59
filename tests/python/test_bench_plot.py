"""bench/run's picture and honesty checks, on a fixed result set (nothing here is timed):
bench/plot.py draws a PNG of the speedups and limit fractions; bench/baselines.py refuses a
speedup against a generic fallback kernel."""
import os
import struct
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import baselines  # noqa: E402
import plot  # noqa: E402

# bench/run's standard output, as printed (one refused baseline).
RESULTS = """\
baseline openblas: core=Prescott (SSE) threads=2 lib=/usr/lib/libopenblas.so config=OpenBLAS
baseline torch: 1.13.0a0 threads=2 cpu-capability=AVX2 blas=generic mkldnn=on
add c-ref speedup=0.95
add limit speedup=0.71
softmax torch speedup=1.52
softmax limit speedup=0.64
layernorm torch speedup=1.61
layernorm limit speedup=0.58
matmul openblas refused (OpenBLAS runs Prescott, a generic SSE fallback kernel, on a AVX2+FMA CPU)
matmul limit speedup=0.45
compile-cold budget-300ms speedup=1.90
launch python speedup=4.10
"""


def test_parse_reads_speedups_limits_and_refusals():
    r = plot.parse(RESULTS)
    assert sorted(r) == ["add", "layernorm", "matmul", "softmax"]
    assert r["add"] == {"baseline": "c-ref", "speedup": 0.95, "limit": 0.71}
    assert r["matmul"]["baseline"] == "openblas"
    assert r["matmul"]["speedup"] is None  # refused: no bar
    assert r["matmul"]["limit"] == 0.45


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(33)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_plot_writes_a_png(tmp_path):
    res = tmp_path / "results.txt"
    res.write_text(RESULTS)
    png = tmp_path / "bench.png"
    r = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "plot.py"), str(res), str(png)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert png.stat().st_size > 5000  # bars, labels and text, not an empty canvas
    w, h = png_size(png)
    assert (w, h) == (800, 450)
    # not a blank image: the bars' colours are there
    import matplotlib.image as mpimg
    img = mpimg.imread(str(png))
    assert img.shape[:2] == (450, 800)
    assert len({tuple(px) for px in img.reshape(-1, img.shape[2])[::97]}) > 10


def test_host_isa_tiers():
    assert baselines.host_isa({"sse2", "sse3"}) == 0
    assert baselines.host_isa({"avx"}) == 1
    assert baselines.host_isa({"avx", "avx2", "fma"}) == 2
    assert baselines.host_isa({"avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"}) == 3
    assert baselines.openblas_candidates({"avx", "avx2", "fma"})[:2] == ["Haswell", "Zen"]
    assert "Prescott" not in baselines.openblas_candidates({"avx", "avx2", "fma"})


def test_generic_openblas_kernel_is_refused():
    info = {"core": "Prescott", "threads": 2, "lib": "x", "config": "x"}
    assert "generic" in baselines.refusal_openblas(info, None, 2, tier=2)
    ok = dict(info, core="Haswell")
    assert baselines.refusal_openblas(ok, "Haswell", 2, tier=2) is None
    assert "not the fastest" in baselines.refusal_openblas(ok, "Zen", 2, tier=2)
    assert "threads" in baselines.refusal_openblas(ok, "Haswell", 1, tier=2)
    assert baselines.refusal_openblas(None, None, 2, tier=2)
    assert "AVX kernel" in baselines.refusal_openblas(dict(info, core="Sandybridge"), None, 2, tier=2)


def test_generic_torch_kernels_are_refused():
    info = {"capability": "DEFAULT", "threads": 2}
    assert "generic" in baselines.refusal_torch(info, 2, tier=2)
    assert baselines.refusal_torch(dict(info, capability="AVX2"), 2, tier=2) is None
    assert "threads" in baselines.refusal_torch(dict(info, capability="AVX2", threads=1), 2, tier=2)
