"""``triton.testing`` for kcc: :func:`do_bench` (``time.perf_counter`` based, times in ms),
:func:`assert_close`, and :class:`Benchmark` / :func:`perf_report`, which measure a sweep and
print its table, save it as CSV and draw it as a PNG as Triton's tutorials expect (pandas and
matplotlib when installed; without pandas the table is printed in the same layout, without
matplotlib no plot is drawn and a note says so).

``KCC_BENCH_QUICK=1`` (or ``N``) in the environment runs only the first N points (1) of each
sweep with a short :func:`do_bench`, so a test can run a tutorial's benchmark section fast; by
default every point runs as written."""

import builtins
import os
import statistics
import sys
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
             fast_flush=True, measure_time_with_hooks=False):
    """Runs ``fn`` for about ``warmup`` ms, then times it for about ``rep`` ms (at least once
    each) and returns the runtime in milliseconds: the ``return_mode`` statistic, or the
    requested ``quantiles`` (a list, or one value for one quantile). ``measure_time_with_hooks``
    (triton-cpu: time the kernels only, through launch hooks) is accepted: kcc times the whole
    call, which on a CPU is the kernel plus the launch."""
    grad_to_none = grad_to_none or ()
    if _quick_points():
        warmup, rep = builtins.min(warmup, 1), builtins.min(rep, 5)
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


def _quick_points():
    """KCC_BENCH_QUICK: how many points of each sweep run (0: all)."""
    v = os.environ.get("KCC_BENCH_QUICK", "")
    if not v or v == "0":
        return 0
    return int(v) if v.isdigit() else 1


class Benchmark:
    """Describes a benchmark sweep (the fields of ``triton.testing.Benchmark``): for each point
    of ``x_vals`` (one value for every name of ``x_names``, or a list of one per name) and each
    value of ``line_arg`` in ``line_vals`` (named ``line_names`` in the table), the decorated
    function is called with those arguments and ``args``."""

    def __init__(self, x_names, x_vals, line_arg, line_vals, line_names, plot_name, args,
                 xlabel="", ylabel="", x_log=False, y_log=False, styles=None, color=None):
        self.x_names = list(x_names)
        self.x_vals = list(x_vals)
        self.line_arg = line_arg
        self.line_vals = list(line_vals)
        self.line_names = list(line_names)
        self.plot_name = plot_name
        self.args = dict(args)
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.x_log = x_log
        self.y_log = y_log
        self.styles = styles
        self.color = color


class _Table:
    """The measured sweep: ``columns`` (the x names, then one column per line) and ``rows``;
    per line also the min/max columns when the function returns ``(y, y_min, y_max)``."""

    def __init__(self, bench):
        self.x_names = list(bench.x_names)
        unit = " (%s)" % bench.ylabel if bench.ylabel else ""
        self.means = ["%s%s" % (n, unit) for n in bench.line_names]
        self.mins = ["%s-min%s" % (n, unit) for n in bench.line_names]
        self.maxs = ["%s-max%s" % (n, unit) for n in bench.line_names]
        self.rows = []  # (x values, means, mins, maxs)

    def columns(self):
        return self.x_names + self.means

    def data(self):
        return [list(x) + list(m) for x, m, _, _ in self.rows]

    def frame(self):
        """A pandas DataFrame of the x and mean columns (None without pandas)."""
        try:
            import pandas
        except ImportError:
            return None
        return pandas.DataFrame(self.data(), columns=self.columns())

    def text(self):
        """The table as ``DataFrame.to_string()`` prints it (an index column, right-aligned
        columns), with or without pandas."""
        df = self.frame()
        if df is not None:
            return df.to_string()
        cells = [[""] + self.columns()]
        for i, row in enumerate(self.data()):
            cells.append([str(i)] + [_fmt(v) for v in row])
        widths = [builtins.max(len(r[c]) for r in cells) for c in range(len(cells[0]))]
        return "\n".join("  ".join(v.rjust(w) for v, w in zip(r, widths)) for r in cells)

    def csv(self, precision):
        out = [",".join(self.columns())]
        for row in self.data():
            out.append(",".join("%.*f" % (precision, v) if isinstance(v, float) else str(v)
                                for v in row))
        return "\n".join(out) + "\n"


def _fmt(v):
    if isinstance(v, float):
        return "%.6f" % v
    return str(v)


def _plot(bench, table, path, show):
    """Draws the sweep (first x name on the x axis, one line per line value, the min-max band
    when measured) into ``path`` (a PNG) and/or on screen. False without matplotlib."""
    try:
        import matplotlib
        if not show:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots()
    xs = [x[0] for x, _, _, _ in table.rows]
    for i, label in enumerate(table.means):
        color = bench.styles[i][0] if bench.styles else None
        style = bench.styles[i][1] if bench.styles else None
        ax.plot(xs, [m[i] for _, m, _, _ in table.rows], label=label, color=color, ls=style)
        lo = [r[2][i] for r in table.rows]
        hi = [r[3][i] for r in table.rows]
        if all(v is not None for v in lo + hi):
            ax.fill_between(xs, lo, hi, alpha=0.15, color=color)
    ax.legend()
    ax.set_xlabel(bench.xlabel or table.x_names[0])
    ax.set_ylabel(bench.ylabel)
    ax.set_xscale("log" if bench.x_log else "linear")
    ax.set_yscale("log" if bench.y_log else "linear")
    if show:
        plt.show()
    if path:
        fig.savefig(path)
    plt.close(fig)
    return True


class Mark:
    """What :func:`perf_report` returns: ``.run(print_data=True, save_path=DIR,
    show_plots=False, return_df=False)`` measures each benchmark, prints its table (name, then
    the table), saves ``DIR/<plot_name>.csv`` and ``.png`` and ``DIR/results.html``."""

    def __init__(self, fn, benchmarks):
        self.fn = fn
        self.benchmarks = benchmarks

    def _run(self, bench, save_path, show_plots, print_data, save_precision=6, **kwargs):
        table = _Table(bench)
        points = bench.x_vals
        quick = _quick_points()
        if quick:
            points = points[:quick]
        for x in points:
            xs = list(x) if isinstance(x, (list, tuple)) else [x] * len(bench.x_names)
            if len(xs) != len(bench.x_names):
                raise ValueError("benchmark %s: x value %r does not give one value for each "
                                 "of %s" % (bench.plot_name, x, bench.x_names))
            means, mins, maxs = [], [], []
            for lv in bench.line_vals:
                r = self.fn(**dict(zip(bench.x_names, xs)), **{bench.line_arg: lv},
                            **bench.args, **kwargs)
                if isinstance(r, (list, tuple)) and len(r) == 3:
                    r = list(r)
                else:
                    r = [r, None, None]
                means.append(r[0])
                mins.append(r[1])
                maxs.append(r[2])
            table.rows.append((xs, means, mins, maxs))
        if bench.plot_name and (save_path or show_plots):
            png = os.path.join(save_path, bench.plot_name + ".png") if save_path else None
            if not _plot(bench, table, png, show_plots):
                print("(%s: no plot, matplotlib is not installed)" % bench.plot_name,
                      file=sys.stderr)
        if print_data:
            print(bench.plot_name + ":")
            print(table.text())
        if save_path:
            with open(os.path.join(save_path, bench.plot_name + ".csv"), "w") as f:
                f.write(table.csv(save_precision))
        return table

    def run(self, show_plots=False, print_data=False, save_path="", return_df=False,
            **kwargs):
        single = isinstance(self.benchmarks, Benchmark)
        benches = [self.benchmarks] if single else list(self.benchmarks)
        if save_path:
            os.makedirs(save_path, exist_ok=True)
        tables = []
        try:
            for b in benches:
                tables.append(self._run(b, save_path, show_plots, print_data, **kwargs))
        finally:
            if save_path:
                with open(os.path.join(save_path, "results.html"), "w") as html:
                    html.write("<html><body>\n")
                    for b in benches[:len(tables)]:
                        html.write('<image src="%s.png"/>\n' % b.plot_name)
                    html.write("</body></html>\n")
        if return_df:
            frames = [t.frame() if t.frame() is not None else t.data() for t in tables]
            return frames[0] if single else frames
        return None


def perf_report(benchmarks):
    """Decorator turning ``fn(**x_args, line_arg=..., **args)`` into a :class:`Mark`."""
    return lambda fn: Mark(fn, benchmarks)
