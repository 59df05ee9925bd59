"""`bench/run --gpu`: the kernels of bench/kernels.py on the GPU torch sees, kcc against torch (and
Triton where it is installed) on the same tensors and stream. Prints the CPU bench's line forms:
`NAME BASELINE speedup=X` (X = baseline time / kcc time), `NAME limit speedup=X` (X = the time a
device-to-device copy of the same bytes takes / kcc time: the memory-bandwidth limit of a
streaming kernel) and `baseline ...` lines; raw times go to stderr.

Times are CUDA-event medians on torch's current stream, which kcc launches on too (tensors on a
GPU launch there by themselves, their data_ptr() passed as they are). The first launch of each
kernel compiles it (and the driver JIT-compiles its PTX) before timing starts.
"""
import importlib.util
import os
import statistics
import sys
import tempfile

import torch

import kernels as K


def gpu_time(fn, warmup, reps):
    """Median seconds of fn() on the current stream, by CUDA events."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        ts.append(a.elapsed_time(b) / 1e3)
    return statistics.median(ts)


def triton_kernels(err):
    """bench/kernels.py compiled by Triton itself (its source with `kcc.triton` -> `triton`), or
    None when Triton is not installed or has no GPU backend here."""
    try:
        import triton  # noqa: F401
        if "kcc" in getattr(triton, "__file__", "kcc"):
            raise ImportError("`triton` is kcc's alias")
    except ImportError as e:
        err(f"# triton: skipped ({e})")
        return None
    src = open(os.path.join(os.path.dirname(__file__), "kernels.py")).read()
    path = os.path.join(tempfile.mkdtemp(prefix="kcc-bench-triton-"), "triton_kernels.py")
    with open(path, "w") as f:
        f.write(src.replace("kcc.triton", "triton"))
    spec = importlib.util.spec_from_file_location("triton_kernels", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(line, emit, err, quick):
    """The GPU lines; line and emit are bench.py's printers."""
    if not torch.cuda.is_available():
        err("bench --gpu: no GPU visible to torch (torch.cuda.is_available() is False)")
        sys.exit(2)
    dev = torch.device("cuda", torch.cuda.current_device())
    props = torch.cuda.get_device_properties(dev)
    emit(f"baseline torch-gpu: {torch.__version__} on {props.name} (cuda {torch.version.cuda}), "
         f"fp32 matmul with TF32 off (torch's default)")
    T = triton_kernels(err)
    if T is not None:
        import triton
        emit(f"baseline triton: {triton.__version__}")
    reps, warm = (20, 3) if quick else (100, 10)
    cdiv = lambda a, b: (a + b - 1) // b  # noqa: E731

    def copy_time(nbytes):
        """The device-to-device copy of nbytes (read + write): the bandwidth limit."""
        src = torch.empty(nbytes // 4, dtype=torch.float32, device=dev)
        dst = torch.empty_like(src)
        return gpu_time(lambda: dst.copy_(src), warm, reps)

    def compare(name, kcc_fn, torch_fn, triton_fn, check, moved):
        t_k = gpu_time(kcc_fn, warm, reps)
        ok, what = check()
        if not ok:
            err(f"bench: {name} on the GPU produced a wrong result ({what})")
            sys.exit(1)
        t_t = gpu_time(torch_fn, warm, reps)
        line(name + "@gpu", "torch", t_t / t_k, f"kcc {t_k*1e6:.1f} us, torch {t_t*1e6:.1f} us")
        if triton_fn is not None:
            t_tr = gpu_time(triton_fn, warm, reps)
            line(name + "@gpu", "triton", t_tr / t_k, f"kcc {t_k*1e6:.1f} us, triton {t_tr*1e6:.1f} us")
        if moved:  # bytes read + written: a copy of half as many bytes moves as much
            t_lim = copy_time(moved // 2)
            emit(f"{name}@gpu limit speedup={t_lim / t_k:.2f}")
            err(f"# {name}@gpu limit: device-to-device copy of {moved // 2} B in {t_lim*1e6:.1f} us "
                f"({moved / t_lim / 1e9:.0f} GB/s)")

    n = 1 << 26
    x, y = torch.rand(n, device=dev), torch.rand(n, device=dev)
    out = torch.empty_like(x)
    B = 1024
    compare("add", lambda: K.add_kernel[(cdiv(n, B),)](x, y, out, n, BLOCK=B),
            lambda: torch.add(x, y, out=out),
            T and (lambda: T.add_kernel[(cdiv(n, B),)](x, y, out, n, BLOCK=B)),
            lambda: (torch.equal(out, x + y), "add"), 12 * n)

    M, N = 8192, 1024
    a = torch.randn(M, N, device=dev)
    o = torch.empty_like(a)
    compare("softmax", lambda: K.softmax_kernel[(M,)](o, a, a.stride(0), o.stride(0), N, BLOCK=N),
            lambda: torch.softmax(a, dim=1),
            T and (lambda: T.softmax_kernel[(M,)](o, a, a.stride(0), o.stride(0), N, BLOCK=N)),
            lambda: (torch.allclose(o, torch.softmax(a, dim=1), atol=1e-6, rtol=1e-4), "softmax"),
            8 * M * N)

    w, b = torch.rand(N, device=dev), torch.rand(N, device=dev)
    ln = lambda: torch.nn.functional.layer_norm(a, (N,), w, b, 1e-5)  # noqa: E731
    compare("layernorm",
            lambda: K.layernorm_kernel[(M,)](a, o, w, b, a.stride(0), N, 1e-5, BLOCK=N), ln,
            T and (lambda: T.layernorm_kernel[(M,)](a, o, w, b, a.stride(0), N, 1e-5, BLOCK=N)),
            lambda: (torch.allclose(o, ln(), atol=1e-4, rtol=1e-4), "layernorm"), 8 * M * N)

    S = 4096
    A, Bm = torch.rand(S, S, device=dev), torch.rand(S, S, device=dev)
    C = torch.empty(S, S, device=dev)
    mm = dict(BLOCK_M=64, BLOCK_N=64, BLOCK_K=32, GROUP_M=8)
    grid = (cdiv(S, 64) * cdiv(S, 64),)
    args = (A, Bm, C, S, S, S, S, 1, S, 1, S, 1)
    compare("matmul", lambda: K.matmul_kernel[grid](*args, **mm), lambda: torch.matmul(A, Bm),
            T and (lambda: T.matmul_kernel[grid](*args, **mm)),
            lambda: (torch.allclose(C, A @ Bm, rtol=1e-3, atol=1e-2), "matmul"), 0)
    err(f"# gpu: {props.name}, {props.multi_processor_count} SMs, "
        f"{props.total_memory / 2**30:.0f} GiB")
