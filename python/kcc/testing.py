"""``triton.testing`` for kcc: :func:`do_bench` (``time.perf_counter`` based, times in ms),
:func:`assert_close`, and a matplotlib-free :class:`Benchmark` / :func:`perf_report` that print the
measured table (so Triton tutorial files run unchanged)."""

import builtins
import statistics
import time

__all__ = ["do_bench", "do_bench_cudagraph", "assert_close", "Benchmark", "perf_report", "Mark"]


def _summ(times, quantiles, return_mode):
    if quantiles is not None:
        s = sorted(times)
        out = []
        for q in quantiles:
            pos = q * (len(s) - 1)
            lo = int(pos)
            hi = builtins.min(lo + 1, len(s) - 1)
            out.append(s[lo] + (s[hi] - s[lo]) * (pos - lo))
        return out[0] if len(out) == 1 else out
    if return_mode == "all":
        return list(times)
    if return_mode == "min":
        return builtins.min(times)
    if return_mode == "max":
        return builtins.max(times)
    if return_mode == "median":
        return statistics.median(times)
    if return_mode == "mean":
        return statistics.fmean(times)
    raise ValueError("return_mode must be one of min, max, mean, median, all; got %r"
                     % (return_mode,))


def do_bench(fn, warmup=25, rep=100, grad_to_none=None, quantiles=None, return_mode="mean",
             fast_flush=True):
    """Runs ``fn`` for about ``warmup`` ms, then times it for about ``rep`` ms (at least once
    each) and returns the runtime in milliseconds: the ``return_mode`` statistic, or the
    requested ``quantiles`` (a list, or one value for one quantile)."""
    grad_to_none = grad_to_none or ()
    fn()  # compile / first touch
    t0 = time.perf_counter()
    n_est = 0
    while True:
        fn()
        n_est += 1
        el = time.perf_counter() - t0
        if n_est >= 5 or el > 0.05:
            break
    est_ms = builtins.max(el * 1e3 / n_est, 1e-6)
    n_warmup = builtins.max(1, int(warmup / est_ms))
    n_repeat = builtins.max(1, int(rep / est_ms))
    for _ in range(n_warmup):
        fn()
    times = []
    pc = time.perf_counter
    for _ in range(n_repeat):
        for x in grad_to_none:
            x.grad = None
        t = pc()
        fn()
        times.append((pc() - t) * 1e3)
    return _summ(times, quantiles, return_mode)


def do_bench_cudagraph(fn, rep=20, grad_to_none=None, quantiles=None, return_mode="mean"):
    """No graphs on CPUs: the same as :func:`do_bench` without warm-up."""
    return do_bench(fn, warmup=1, rep=rep, grad_to_none=grad_to_none, quantiles=quantiles,
                    return_mode=return_mode)


def assert_close(x, y, atol=None, rtol=None, err_msg=""):
    """Asserts that two arrays/tensors/scalars are close (numpy semantics; defaults 1e-2)."""
    import numpy as np

    def arr(v):
        if hasattr(v, "detach"):
            v = v.detach().cpu()
            if str(v.dtype) == "torch.bfloat16":
                v = v.float()
            return v.numpy()
        return np.asarray(v)
    atol = 1e-2 if atol is None else atol
    rtol = 1e-2 if rtol is None else rtol
    np.testing.assert_allclose(arr(x), arr(y), atol=atol, rtol=rtol, err_msg=err_msg)


class Benchmark:
    """Describes a benchmark sweep (same fields as ``triton.testing.Benchmark``)."""

    def __init__(self, x_names, x_vals, line_arg, line_vals, line_names, plot_name, args,
                 xlabel="", ylabel="", x_log=False, y_log=False, styles=None, color=None,
                 **_ignored):
        self.x_names = list(x_names)
        self.x_vals = list(x_vals)
        self.line_arg = line_arg
        self.line_vals = list(line_vals)
        self.line_names = list(line_names)
        self.plot_name = plot_name
        self.args = dict(args)
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.styles = styles


class Mark:
    """What :func:`perf_report` returns: ``.run(print_data=True)`` measures and prints a table."""

    def __init__(self, fn, benchmarks):
        self.fn = fn
        self.benchmarks = benchmarks

    def _run(self, bench, print_data):
        rows = []
        for x in bench.x_vals:
            xs = x if isinstance(x, (list, tuple)) else [x] * len(bench.x_names)
            xargs = dict(zip(bench.x_names, xs))
            row = list(xs)
            for lv in bench.line_vals:
                r = self.fn(**xargs, **{bench.line_arg: lv}, **bench.args)
                row.append(r[0] if isinstance(r, (list, tuple)) else r)
            rows.append(row)
        if print_data:
            head = bench.x_names + bench.line_names
            print(bench.plot_name + ":")
            print("  ".join("%12s" % h for h in head))
            for row in rows:
                print("  ".join("%12.4g" % v if isinstance(v, float) else "%12s" % (v,)
                                for v in row))
        return rows

    def run(self, show_plots=False, print_data=False, save_path="", **_ignored):
        benches = self.benchmarks if isinstance(self.benchmarks, list) else [self.benchmarks]
        out = [self._run(b, print_data) for b in benches]
        return out[0] if len(out) == 1 else out


def perf_report(benchmarks):
    """Decorator turning ``fn(**x_args, line_arg=..., **args)`` into a :class:`Mark`."""
    return lambda fn: Mark(fn, benchmarks)
