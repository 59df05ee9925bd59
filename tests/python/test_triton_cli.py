"""``python -m kcc.triton``: the ``triton`` alias (a meta-path finder over kcc.triton), running
a script / ``-m MODULE`` / ``-c CODE`` as ``__main__``, and an unmodified Triton-style program
(kernel, correctness check, perf_report table, CSV and plot) run through it. A tutorial of a
Triton checkout runs too when ``$KCC_TRITON_PATH`` names one."""

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(args, cwd, env=None, timeout=300):
    e = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), **(env or {}))
    return subprocess.run([sys.executable, "-m", "kcc.triton"] + args, cwd=cwd, env=e,
                          capture_output=True, text=True, timeout=timeout)


def write(path, text):
    path.write_text(textwrap.dedent(text))
    return str(path)


def test_script_sees_triton_as_kcc(tmp_path):
    script = write(tmp_path / "prog.py", """\
        import sys, os
        import triton
        import triton.language as tl
        import triton.runtime.driver
        from triton.runtime import driver
        from triton.language.extra import libdevice
        import triton.compiler.errors
        import kcc.triton
        assert triton is kcc.triton and tl is kcc.triton.language
        assert triton.runtime.driver is driver and driver.active.get_current_target().backend == "cpu"
        assert libdevice is sys.modules["triton.language.extra.libdevice"]
        assert triton.compiler.errors.CompilationError is kcc.CompilationError
        print("argv", sys.argv[1:], os.path.basename(__file__), sys.path[0] == os.path.dirname(os.path.abspath(__file__)), __name__)
        try:
            import triton.backends.nvidia.driver
        except ImportError as e:
            print("missing:", e)
        """)
    r = run([script, "a", "--b"], cwd=str(tmp_path.parent))
    assert r.returncode == 0, r.stderr
    assert "argv ['a', '--b'] prog.py True __main__" in r.stdout
    assert ("missing: No module named 'triton.backends': kcc does not provide "
            "kcc.triton.backends") in r.stdout


def test_dash_m_and_dash_c(tmp_path):
    write(tmp_path / "mymod.py", """\
        import sys
        import triton.language as tl
        if __name__ == "__main__":
            print("module", tl.float32, sys.argv[1:])
        """)
    r = run(["-m", "mymod", "x"], cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "module fp32 ['x']" in r.stdout
    r = run(["-c", "import sys, triton; print(triton.__name__, sys.argv[1:])", "y"],
            cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "kcc.triton ['y']" in r.stdout
    r = run(["-m", "pytest", "--version"], cwd=str(tmp_path))
    assert r.returncode == 0 and "pytest" in (r.stdout + r.stderr)


def test_usage_errors(tmp_path):
    r = run([], cwd=str(tmp_path))
    assert r.returncode == 2 and "usage: python -m kcc.triton" in r.stderr
    r = run([str(tmp_path / "nope.py")], cwd=str(tmp_path))
    assert r.returncode == 2 and "can't open file" in r.stderr and "Traceback" not in r.stderr
    r = run(["-m"], cwd=str(tmp_path))
    assert r.returncode == 2 and "-m needs an argument" in r.stderr


def test_exit_status_is_the_programs(tmp_path):
    script = write(tmp_path / "fail.py", "import sys, triton\nsys.exit(3)\n")
    assert run([script], cwd=str(tmp_path)).returncode == 3


def test_a_failing_program_shows_its_own_traceback(tmp_path):
    script = write(tmp_path / "bad.py", """\
        import numpy as np
        import triton
        import triton.language as tl

        @triton.jit
        def k(x):
            tl.no_such_builtin(x)

        k[(1,)](np.zeros(4, dtype=np.float32))
        """)
    r = run([script], cwd=str(tmp_path))
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):" and "bad.py" in lines[1]
    assert "__main__.py" not in r.stderr and "runpy" not in r.stderr
    assert "bad.py:7:5: error: 'tl.no_such_builtin'" in r.stderr


PROGRAM = """\
    import torch
    import triton
    import triton.language as tl

    def make_kernel(scale):  # a kernel built in a factory, with a closure value
        @triton.jit
        def axpy(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
            pid = tl.program_id(axis=0)
            offs = pid * BLOCK + tl.arange(0, BLOCK)
            mask = offs < n
            x = tl.load(x_ptr + offs, mask=mask)
            y = tl.load(y_ptr + offs, mask=mask)
            tl.store(out_ptr + offs, scale * x + y, mask=mask)
        return axpy

    axpy = make_kernel(2.0)
    DEVICE = triton.runtime.driver.active.get_active_torch_device()

    def run(x, y):
        out = torch.empty_like(x)
        n = out.numel()
        grid = lambda meta: (triton.cdiv(n, meta["BLOCK"]), )
        axpy[grid](x, y, out, n, BLOCK=256)
        return out

    x = torch.rand(1000, device=DEVICE)
    y = torch.rand(1000, device=DEVICE)
    print("max difference", torch.max(torch.abs(run(x, y) - (2 * x + y))).item())

    @triton.testing.perf_report(
        triton.testing.Benchmark(x_names=["size"], x_vals=[2**i for i in range(10, 14)],
                                 x_log=True, line_arg="provider", line_vals=["triton", "torch"],
                                 line_names=["Triton", "Torch"], styles=[("blue", "-"), ("green", "-")],
                                 ylabel="GB/s", plot_name="axpy-performance", args={}))
    def benchmark(size, provider):
        x = torch.rand(size, device=DEVICE)
        y = torch.rand(size, device=DEVICE)
        q = [0.5, 0.2, 0.8]
        f = (lambda: run(x, y)) if provider == "triton" else (lambda: 2 * x + y)
        ms, lo, hi = triton.testing.do_bench(f, quantiles=q)
        gbps = lambda ms: 3 * x.numel() * x.element_size() * 1e-9 / (ms * 1e-3)
        return gbps(ms), gbps(hi), gbps(lo)

    benchmark.run(print_data=True, save_path=".")
    """


def test_triton_program_with_benchmark(tmp_path):
    pytest.importorskip("torch")
    script = write(tmp_path / "axpy.py", PROGRAM)
    r = run([script], cwd=str(tmp_path), env={"KCC_BENCH_QUICK": "2"})
    assert r.returncode == 0, r.stderr
    assert "max difference 0.0" in r.stdout
    lines = r.stdout.splitlines()
    i = lines.index("axpy-performance:")
    assert lines[i + 1].split() == ["size", "Triton", "(GB/s)", "Torch", "(GB/s)"]
    assert lines[i + 2].split()[:2] == ["0", "1024"] and lines[i + 3].split()[:2] == ["1", "2048"]
    assert len(lines) == i + 4  # KCC_BENCH_QUICK=2: the first two points of the sweep
    with open(tmp_path / "axpy-performance.csv") as f:
        assert f.readline().strip() == "size,Triton (GB/s),Torch (GB/s)"
        assert len(f.read().splitlines()) == 2
    assert (tmp_path / "results.html").exists()
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    assert (tmp_path / "axpy-performance.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(not os.environ.get("KCC_TRITON_PATH"),
                    reason="KCC_TRITON_PATH (a Triton / triton-cpu checkout) is not set: "
                           "Triton's own tutorial not run")
def test_triton_tutorial_vector_add(tmp_path):
    path = os.path.join(os.environ["KCC_TRITON_PATH"], "python", "tutorials", "01-vector-add.py")
    r = run([path], cwd=str(tmp_path), env={"KCC_BENCH_QUICK": "1", "MPLBACKEND": "Agg"})
    assert r.returncode == 0, r.stderr[-3000:]
    assert "vector-add-performance" in r.stdout
