"""triton.autotune / triton.heuristics / triton.Config over kcc."""

import numpy as np

import kcc.triton as triton
import tune_kernels as tk


def test_autotune_picks_a_valid_config_and_caches_it():
    n = 1000
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    out = np.zeros_like(x)
    grid = lambda meta: (triton.cdiv(n, meta["BLOCK"]),)  # noqa: E731
    tk.tuned_copy[grid](x, out, n)
    np.testing.assert_array_equal(out, x)
    best = tk.tuned_copy.best_config
    assert best.kwargs["BLOCK"] in (64, 256)
    assert tk.tuned_copy.bench_count == 1
    timings = tk.tuned_copy.configs_timings
    assert timings[tk.tuned_copy.configs[0]][0] == float("inf")  # the failing config
    # a second launch with the same key reuses the choice: no new tuning
    out[:] = 0
    tk.CALLS.clear()
    tk.tuned_copy[grid](x, out, n)
    np.testing.assert_array_equal(out, x)
    assert tk.tuned_copy.bench_count == 1 and tk.CALLS == [best.kwargs["BLOCK"]]
    # a new key value tunes again
    tk.tuned_copy[grid](x, out, 512)
    assert tk.tuned_copy.bench_count == 2
    assert len(tk.tuned_copy.cache) == 2


def test_autotune_reset_to_zero():
    n = 100
    x = np.ones(n, np.float32)
    acc = np.zeros(n, np.float32)
    grid = lambda meta: (triton.cdiv(n, meta["BLOCK"]),)  # noqa: E731
    tk.tuned_accumulate[grid](x, acc, n)
    # trials zeroed acc before each run: exactly one final accumulation survives
    np.testing.assert_array_equal(acc, 1.0)


def test_autotune_restore_value():
    n = 100
    x = np.arange(n, dtype=np.float32)
    grid = lambda meta: (triton.cdiv(n, meta["BLOCK"]),)  # noqa: E731
    tk.tuned_inplace_double[grid](x, n)
    # trials ran many times, but x was restored after them: doubled exactly once
    np.testing.assert_array_equal(x, 2 * np.arange(n, dtype=np.float32))


def test_autotune_prune_configs_by():
    n = 40
    x = np.zeros(n, np.float32)
    out = np.zeros(n, np.float32)
    grid = lambda meta: (triton.cdiv(n, meta["BLOCK"]),)  # noqa: E731
    tk.tuned_pruned[grid](x, out, n)
    np.testing.assert_array_equal(out, 1.0)
    # early prune keeps 16 and 32; the perf model (-BLOCK) with top_k=1 keeps 32
    assert tk.tuned_pruned.best_config.kwargs["BLOCK"] == 32
    assert list(tk.tuned_pruned.configs_timings) == [tk.tuned_pruned.configs[1]]


def test_stacked_heuristics():
    for n in (16, 13):
        x = np.arange(n, dtype=np.float32)
        out = np.zeros(1, np.float32)
        c = tk.heuristic_sum[(1,)](x, out, n)
        assert out[0] == x.sum()
        assert c.constants["BLOCK"] == "16"
        assert c.constants["EVEN"] == ("True" if n == 16 else "False")


def test_config_api():
    c = triton.Config({"BLOCK": 64}, num_warps=8, num_stages=2)
    assert c.kwargs == {"BLOCK": 64} and c.num_warps == 8
    assert c.all_kwargs() == {"BLOCK": 64, "num_warps": 8, "num_stages": 2, "num_ctas": 1}
    assert "BLOCK: 64" in str(c)


def test_do_bench():
    import time
    ms = triton.testing.do_bench(lambda: time.sleep(0.001), warmup=5, rep=20)
    assert 0.9 <= ms < 50
    q = triton.testing.do_bench(lambda: None, warmup=1, rep=5, quantiles=[0.5, 0.2, 0.8])
    assert len(q) == 3 and q[1] <= q[0] <= q[2]
    assert triton.testing.do_bench(lambda: None, warmup=1, rep=2, return_mode="median") >= 0


def test_autotune_config_launch_options_reach_the_compiler():
    n = 200
    x = np.random.default_rng(1).standard_normal(n).astype(np.float32)
    out = np.zeros_like(x)
    tk.tuned_warps.jit.cache_clear()
    tk.tuned_warps[(triton.cdiv(n, 64),)](x, out, n)
    np.testing.assert_array_equal(out, x)
    # the two configs differ only in launch options: two compiled variants
    variants = list(tk.tuned_warps.jit.cache.values())
    assert len(variants) == 2
    assert sorted((c.num_warps, c.num_stages) for c in variants) == [(2, 3), (8, 1)]
