"""``triton.profiler`` (Proton) on kcc: a no-op profiler, so programs that wrap their work in
``proton.scope(...)`` or bracket it with ``start``/``finalize`` run unchanged. Nothing is
measured or written; ``start`` returns a session id and ``viewer`` prints that there is no
profile."""

import contextlib

from . import viewer  # noqa: F401

_session = 0


def start(name=None, *, context="shadow", data="tree", backend=None, mode=None, hook=None):
    """Starts a (no-op) profiling session; returns its id."""
    global _session
    _session += 1
    return _session


def activate(session=None):
    pass


def deactivate(session=None, flushing=False):
    pass


def finalize(session=None, output_format=None):
    pass


def enter_scope(name, *, triton_op=False, metrics=None):
    return 0


def exit_scope(triton_op=False, metrics=None):
    pass


@contextlib.contextmanager
def scope(name, metrics=None):
    """``with proton.scope(name):`` runs the block; nothing is recorded."""
    yield


def cpu_timed_scope(name, metrics=None):
    return scope(name, metrics)


__all__ = ["start", "activate", "deactivate", "finalize", "enter_scope", "exit_scope", "scope",
           "cpu_timed_scope", "viewer"]
