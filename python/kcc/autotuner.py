"""``triton.Config``, ``@triton.autotune`` and ``@triton.heuristics`` for kcc kernels.

:class:`Autotuner` benchmarks every (pruned) :class:`Config` on the current target with
:func:`kcc.testing.do_bench` the first time it sees a new value of its ``key`` arguments, keeps the
fastest, and launches with it from then on. Configs that fail to compile (for example a
``tl.static_assert`` on the block size) count as infinitely slow; if every config fails, the last
error is raised. :class:`Heuristics` computes constexpr arguments from the other arguments.
Both stack on top of :class:`kcc.jit.JITFunction` like their Triton namesakes.
"""

import builtins
import hashlib
import json
import os
import sys
import time

from .errors import CompilationError, KccError
from . import jit as _jit
from .jit import JITFunction, KernelInterface, ArgumentTypeError

__all__ = ["Config", "Autotuner", "Heuristics", "autotune", "heuristics"]


class Config:
    """One autotuning candidate: constexpr ``kwargs`` plus launch options and an optional
    ``pre_hook(nargs)`` run before each launch. ``num_warps``, ``num_stages`` and ``num_ctas``
    are compile options (each value is its own compiled variant, see kcc.jit); ``maxnreg`` is
    accepted and ignored on CPUs."""

    def __init__(self, kwargs, num_warps=4, num_stages=3, num_ctas=1, maxnreg=None,
                 pre_hook=None, **_ignored):
        self.kwargs = dict(kwargs)
        self.num_warps = num_warps
        self.num_stages = num_stages
        self.num_ctas = num_ctas
        self.maxnreg = maxnreg
        self.pre_hook = pre_hook

    def all_kwargs(self):
        """The kwargs of a launch under this config (constexprs and launch options)."""
        out = dict(self.kwargs)
        for k in ("num_warps", "num_stages", "num_ctas", "maxnreg"):
            v = getattr(self, k)
            if v is not None:
                out[k] = v
        return out

    def __str__(self):
        parts = ["%s: %s" % (k, v) for k, v in self.kwargs.items()]
        parts += ["num_warps: %s" % self.num_warps, "num_ctas: %s" % self.num_ctas,
                  "num_stages: %s" % self.num_stages, "maxnreg: %s" % self.maxnreg]
        return ", ".join(parts)

    __repr__ = __str__

    def __eq__(self, other):
        return isinstance(other, Config) and self.all_kwargs() == other.all_kwargs()

    def __hash__(self):
        return hash(tuple(sorted((k, repr(v)) for k, v in self.all_kwargs().items())))


def _inner_jit(fn):
    while not isinstance(fn, JITFunction):
        fn = fn.fn
    return fn


def _zero_(t):
    if hasattr(t, "zero_"):
        t.zero_()
    else:
        t[...] = 0


def _clone(t):
    return t.clone() if hasattr(t, "clone") else t.copy()


def _copy_into(dst, src):
    if hasattr(dst, "copy_"):
        dst.copy_(src)
    else:
        dst[...] = src


class Autotuner(KernelInterface):
    """See the module docstring. Attributes: ``configs``, ``keys``, ``cache`` (key values ->
    best Config), ``best_config`` (of the last launch), ``configs_timings`` (of the last tuning),
    ``bench_count`` (how many tunings ran)."""

    def __init__(self, fn, arg_names, configs, key, reset_to_zero=None, restore_value=None,
                 pre_hook=None, post_hook=None, prune_configs_by=None, warmup=None, rep=None,
                 use_cuda_graph=False, do_bench=None, cache_results=False):
        self.fn = fn
        self.jit = _inner_jit(fn)
        self.base_fn = self.jit
        self.arg_names = list(arg_names)
        self.configs = list(configs) if configs else [Config({}, num_warps=4, num_stages=2)]
        self.keys = list(key)
        self.reset_to_zero = list(reset_to_zero or [])
        self.restore_value = list(restore_value or [])
        for n in self.keys + self.reset_to_zero + self.restore_value:
            if n not in self.arg_names:
                raise ValueError("autotune: '%s' is not a parameter of %s()"
                                 % (n, self.jit.__name__))
        self.user_pre_hook = pre_hook
        self.user_post_hook = post_hook
        prune_configs_by = prune_configs_by or {}
        self.perf_model = prune_configs_by.get("perf_model")
        self.configs_top_k = prune_configs_by.get("top_k", 1.0)
        self.early_config_prune = prune_configs_by.get("early_config_prune")
        self.num_warmups = 25 if warmup is None else warmup
        self.num_reps = 100 if rep is None else rep
        self.user_do_bench = do_bench
        self.cache_results = cache_results or os.environ.get("TRITON_CACHE_AUTOTUNING") == "1"
        self.cache = {}
        self.best_config = None
        self.configs_timings = None
        self.bench_count = 0
        self.__name__ = self.jit.__name__
        self.__doc__ = self.jit.__doc__

    # -- helpers ------------------------------------------------------------------------------
    def _nargs(self, args, kwargs):
        nargs = dict(zip(self.arg_names, args))
        for k, v in kwargs.items():
            if k in self.arg_names:
                nargs[k] = v
        return nargs

    def _key(self, nargs):
        key = [nargs[k] for k in self.keys if k in nargs]
        for k in self.arg_names:  # Triton adds the dtype of every tensor argument
            v = nargs.get(k)
            if hasattr(v, "dtype"):
                key.append(str(v.dtype))
        return tuple(key)

    def prune_configs(self, kwargs, nargs):
        pruned = self.configs
        if self.early_config_prune:
            pruned = self.early_config_prune(self.configs, nargs, **kwargs)
            if not pruned:
                raise ValueError("autotune of %s(): early_config_prune removed every config"
                                 % self.__name__)
        if self.perf_model:
            top_k = self.configs_top_k
            if isinstance(top_k, float) and top_k <= 1.0:
                top_k = int(len(pruned) * top_k)
            top_k = max(1, int(top_k))
            if len(pruned) > top_k:
                est = {c: self.perf_model(**nargs, **kwargs, **c.all_kwargs()) for c in pruned}
                pruned = sorted(est, key=est.get)[:top_k]
        return list(pruned)

    def _merge(self, config, kwargs):
        clash = set(config.kwargs) & set(kwargs)
        if clash:
            raise ArgumentTypeError("autotune of %s(): %s given both by the caller and by the "
                                    "autotuning configs" % (self.__name__, sorted(clash)))
        return {**kwargs, **config.all_kwargs()}

    def _bench(self, args, config, grid, kwargs, nargs):
        from .testing import do_bench
        current = self._merge(config, kwargs)
        full_nargs = {**nargs, **current}

        def kernel_call():
            for n in self.reset_to_zero:
                _zero_(full_nargs[n])
            if config.pre_hook:
                config.pre_hook(full_nargs)
            if self.user_pre_hook:
                self.user_pre_hook(full_nargs)
            try:
                self.fn.run(*args, grid=grid, **current)
            finally:
                if self.user_post_hook:
                    self.user_post_hook(full_nargs, exception=None)
        try:
            if self.user_do_bench is not None:
                return self.user_do_bench(kernel_call, quantiles=(0.5, 0.2, 0.8))
            return do_bench(kernel_call, warmup=self.num_warmups, rep=self.num_reps,
                            quantiles=(0.5, 0.2, 0.8))
        except CompilationError as e:
            self._last_error = e
            return [float("inf")] * 3

    # -- persistence of tuning results (cache_results=True) -------------------------------------
    def _disk_path(self):
        root = os.environ.get("KCC_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache",
                                                                "kcc")
        h = hashlib.sha256()
        h.update(self.jit._file_text.encode())
        h.update(self.jit.__name__.encode())
        h.update(repr([str(c) for c in self.configs]).encode())
        h.update(_jit.default_target().encode())
        return os.path.join(root, "autotune", h.hexdigest()[:32] + ".json")

    def _disk_load(self, key):
        try:
            with open(self._disk_path()) as f:
                data = json.load(f)
            idx = data.get(repr(key))
            return self.configs[idx] if idx is not None and idx < len(self.configs) else None
        except (OSError, ValueError):
            return None

    def _disk_store(self, key, config):
        path = self._disk_path()
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            try:
                with open(path) as f:
                    data = json.load(f)
            except (OSError, ValueError):
                data = {}
            data[repr(key)] = self.configs.index(config)
            tmp = path + ".%d.tmp" % os.getpid()
            with open(tmp, "w") as f:
                json.dump(data, f)
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass

    # -- running ------------------------------------------------------------------------------
    def run(self, *args, grid, **kwargs):
        nargs = self._nargs(args, kwargs)
        if len(self.configs) > 1:
            key = self._key(nargs)
            config = self.cache.get(key)
            if config is None and self.cache_results:
                config = self._disk_load(key)
                if config is not None:
                    self.cache[key] = config
            if config is None:
                config = self._tune(key, args, grid, kwargs, nargs)
        else:
            config = self.configs[0]
        self.best_config = config
        merged = self._merge(config, kwargs)
        if config.pre_hook is not None:
            config.pre_hook({**nargs, **merged})
        return self.fn.run(*args, grid=grid, **merged)

    def _tune(self, key, args, grid, kwargs, nargs):
        self._last_error = None
        pruned = self.prune_configs(kwargs, nargs)
        saved = {n: _clone(nargs[n]) for n in self.restore_value}
        t0 = time.perf_counter()
        try:
            timings = {}
            for config in pruned:
                timings[config] = self._bench(args, config, grid, kwargs, nargs)
                for n, v in saved.items():
                    _copy_into(nargs[n], v)
        finally:
            for n, v in saved.items():
                _copy_into(nargs[n], v)
        self.bench_time = time.perf_counter() - t0

        def first(t):
            return t[0] if isinstance(t, (list, tuple)) else t
        best = builtins.min(timings, key=lambda c: first(timings[c]))
        if first(timings[best]) == float("inf"):
            if self._last_error is not None:
                raise self._last_error
            raise KccError("autotune of %s(): no config could run" % self.__name__)
        self.configs_timings = timings
        self.cache[key] = best
        for n in self.reset_to_zero:  # as Triton: the real launch starts from zeroed buffers
            _zero_(nargs[n])
        self.bench_count += 1
        if self.cache_results:
            self._disk_store(key, best)
        if os.environ.get("TRITON_PRINT_AUTOTUNING") == "1":
            print("kcc autotuning for %s finished after %.2fs; best config: %s"
                  % (self.__name__, self.bench_time, best), file=sys.stderr)
        return best

    def warmup(self, *args, **kwargs):
        """Compiles every config's variant for these arguments; returns the compiled kernels."""
        nargs = self._nargs(args, kwargs)
        out = []
        for config in self.prune_configs(kwargs, nargs):
            out.append(self.fn.warmup(*args, **self._merge(config, kwargs)))
        return out


def autotune(configs, key, prune_configs_by=None, reset_to_zero=None, restore_value=None,
             pre_hook=None, post_hook=None, warmup=None, rep=None, use_cuda_graph=False,
             do_bench=None, cache_results=False):
    """Decorator: ``@autotune(configs=[Config(...)], key=['n'])`` above ``@jit``."""
    def decorator(fn):
        return Autotuner(fn, _inner_jit(fn).arg_names, configs, key, reset_to_zero, restore_value,
                         pre_hook=pre_hook, post_hook=post_hook,
                         prune_configs_by=prune_configs_by, warmup=warmup, rep=rep,
                         use_cuda_graph=use_cuda_graph, do_bench=do_bench,
                         cache_results=cache_results)
    return decorator


class Heuristics(KernelInterface):
    """Computes constexpr arguments ``values = {name: lambda args: ...}`` before each launch;
    ``args`` holds every argument by name (positional and keyword, including earlier heuristics
    and autotuning configs)."""

    def __init__(self, fn, arg_names, values):
        self.fn = fn
        self.jit = _inner_jit(fn)
        self.arg_names = list(arg_names)
        self.values = dict(values)
        self.__name__ = self.jit.__name__
        self.__doc__ = self.jit.__doc__

    def run(self, *args, **kwargs):
        for name, heur in self.values.items():
            kwargs[name] = heur({**dict(zip(self.arg_names, args)), **kwargs})
        return self.fn.run(*args, **kwargs)

    def warmup(self, *args, **kwargs):
        for name, heur in self.values.items():
            kwargs[name] = heur({**dict(zip(self.arg_names, args)), **kwargs})
        return self.fn.warmup(*args, **kwargs)


def heuristics(values):
    """Decorator: ``@heuristics({'BLOCK': lambda args: ...})`` (stackable) above ``@jit``."""
    def decorator(fn):
        return Heuristics(fn, _inner_jit(fn).arg_names, values)
    return decorator


