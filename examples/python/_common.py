"""Shared helpers of the Python examples: timing (median of a few runs) and quick mode.

``KCC_EXAMPLE_QUICK=1`` (used by the tests) shrinks the problem sizes and the repetitions."""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

QUICK = os.environ.get("KCC_EXAMPLE_QUICK") == "1"


def median_ms(fn, runs=None):
    """Median wall time of ``fn()`` in ms over a few runs (after one warm-up run)."""
    runs = runs or (3 if QUICK else 7)
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def report(name, ok, ms_kcc, ms_ref, ref_name):
    print("%s: %s" % (name, "correct" if ok else "MISMATCH"))
    print("  kcc %.3f ms, %s %.3f ms, speedup x%.2f" % (ms_kcc, ref_name, ms_ref, ms_ref / ms_kcc))
    return 0 if ok else 1
