"""pytest plugin for running a Triton checkout's unit tests on kcc (``-p triton_conftest``,
loaded by triton-suite.sh under ``python -m kcc.triton -m pytest``). Test glue only:

* the fixtures Triton's own conftest gives: ``device`` ("cpu"), ``fresh_knobs``,
  ``fresh_triton_cache``, ``with_allocator`` (a checkout's conftest, when it has one, takes
  precedence and gets ``--device cpu``);
* ``triton._internal_testing`` (internal_testing.py), the test helpers of the triton package;
* torch_compat.py: the torch 2 names the tests call that an older torch lacks;
* ``KCC_SUITE_TIMEOUT`` (seconds): a test running longer fails with "timeout" (SIGALRM, so it
  stops a test in Python code; a compile stuck in C is stopped by the script's file timeout);
* ``KCC_SUITE_SAMPLE=N``: run N cases of each file, chosen with a fixed seed;
* ``KCC_SUITE_LOG=FILE``: one JSON line per test (file, test, outcome, the failure's cause)
  for summarize.py, and one when it starts (a test that kills the process has only that one);
* ``KCC_SUITE_RESUME=1``: run only the tests the log has no record of (after a crash).
"""

import json
import os
import random
import signal
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import internal_testing  # noqa: E402

sys.modules["triton._internal_testing"] = internal_testing
sys.modules["kcc.triton._internal_testing"] = internal_testing

import torch_compat  # noqa: E402,F401  (torch 2 names an older torch lacks)


def pytest_configure(config):
    for marker in ("interpreter", "cpu"):
        config.addinivalue_line("markers", "%s: a marker of Triton's test suite" % marker)


@pytest.fixture
def device():
    return "cpu"


@pytest.fixture
def fresh_triton_cache():
    import triton
    with tempfile.TemporaryDirectory() as tmpdir:
        old = triton.knobs.cache.dir
        triton.knobs.cache.dir = tmpdir
        try:
            yield tmpdir
        finally:
            triton.knobs.cache.dir = old


@pytest.fixture
def fresh_knobs():
    fresh, reset = internal_testing._fresh_knobs_impl({"build", "nvidia", "amd"})
    try:
        yield fresh()
    finally:
        reset()


@pytest.fixture
def with_allocator():
    import triton
    from triton.runtime._allocation import NullAllocator
    triton.set_allocator(internal_testing.default_alloc_fn)
    try:
        yield
    finally:
        triton.set_allocator(NullAllocator())


def _logged():
    """The tests the log has a record of (a resumed run skips them)."""
    done = set()
    path = os.environ.get("KCC_SUITE_LOG")
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                try:
                    done.add(json.loads(line)["test"])
                except (ValueError, KeyError):
                    pass
    return done


def pytest_collection_modifyitems(config, items):
    _sample(config, items)
    if os.environ.get("KCC_SUITE_RESUME") == "1":  # after a crash: the tests not run yet
        done = _logged()
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid in done])
        items[:] = [i for i in items if i.nodeid not in done]


def _sample(config, items):
    n = int(os.environ.get("KCC_SUITE_SAMPLE", "0") or 0)
    if n <= 0:
        return
    by_file = {}
    for it in items:
        by_file.setdefault(it.nodeid.split("::")[0], []).append(it)
    keep = set()
    for name, its in by_file.items():
        chosen = its if len(its) <= n else random.Random(name).sample(its, n)
        keep.update(id(i) for i in chosen)
    deselected = [i for i in items if id(i) not in keep]
    items[:] = [i for i in items if id(i) in keep]
    config.hook.pytest_deselected(items=deselected)


class SuiteTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise SuiteTimeout("timeout: the test ran longer than KCC_SUITE_TIMEOUT=%s s"
                       % os.environ.get("KCC_SUITE_TIMEOUT"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    t = float(os.environ.get("KCC_SUITE_TIMEOUT", "0") or 0)
    if t > 0:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, t)
    try:
        yield
    finally:
        if t > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _cause(report):
    """The failure's exception type and message's first line (what summarize.py groups)."""
    exc = getattr(report, "longrepr", None)
    crash = getattr(exc, "reprcrash", None)
    if crash is not None:
        return crash.message
    if isinstance(exc, tuple) and len(exc) == 3:  # a skip: (file, line, reason)
        return exc[2]
    lines = [ln[1:].strip() for ln in str(exc or "").splitlines() if ln.startswith("E ")]
    return lines[-1] if lines else str(exc or "")[:500]


def _log(rec):
    path = os.environ.get("KCC_SUITE_LOG")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(rec) + "\n")


def pytest_collectreport(report):
    if report.failed:  # a file that does not import: one error standing for all its cases
        _log({"file": report.nodeid.split("::")[0].split("/")[-1], "test": report.nodeid,
              "outcome": "error", "cause": "collection: " + _cause(report)})


def pytest_runtest_logstart(nodeid, location):
    # a test whose process dies has only this record: summarize.py counts it as crashed
    _log({"file": nodeid.split("::")[0].split("/")[-1], "test": nodeid, "outcome": "started",
          "cause": "crashed: the test process died (the run resumed after it)"})


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        outcome = report.outcome
        if report.when != "call" and outcome == "failed":
            outcome = "error"
        if hasattr(report, "wasxfail"):
            outcome = "xfail" if report.skipped else "xpass"
        _log({"file": report.nodeid.split("::")[0].split("/")[-1], "test": report.nodeid,
              "outcome": outcome, "cause": "" if outcome == "passed" else _cause(report)})
