"""Runtime safety of launches from Python: grid limits, fork while another thread launches,
Ctrl-C during a long launch."""
import os
import signal
import sys
import threading
import time
import warnings

import numpy as np
import pytest

import kcc

sys.path.insert(0, os.path.dirname(__file__))
from safety_kernels import copy_kernel, spin_kernel  # noqa: E402


def test_grid_product_overflow_is_refused():
    out = np.zeros(4, np.float32)
    x = np.ones(4, np.float32)
    with pytest.raises(ValueError, match=r"more than 2\*\*63-1"):
        copy_kernel[(2**31 - 1, 2**31 - 1, 2**31 - 1)](x, out, 4, BLOCK=4)
    with pytest.raises(ValueError, match=r"dimension 1 is 2147483648, outside \[0, 2\*\*31\)"):
        copy_kernel[(1, 2**31)](x, out, 4, BLOCK=4)
    assert not out.any()  # nothing ran
    copy_kernel[(0,)](x, out, 4, BLOCK=4)  # an empty grid runs nothing, as in Triton
    assert not out.any()
    copy_kernel[(1,)](x, out, 4, BLOCK=4)
    assert (out == 2).all()


def test_fork_while_another_thread_launches():
    n = 256
    x = np.arange(n, dtype=np.float32)
    out = np.zeros(n, np.float32)
    copy_kernel[(1,)](x, out, n, BLOCK=n)  # compiled before the threads start
    stop = threading.Event()

    def launcher():
        o = np.zeros(n, np.float32)
        while not stop.is_set():
            copy_kernel[(4,)](x, o, n, BLOCK=64)

    t = threading.Thread(target=launcher)
    t.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
            for _ in range(20):
                pid = os.fork()
                if pid == 0:  # the child: the same kernel, from the only thread there is
                    try:
                        o = np.zeros(n, np.float32)
                        copy_kernel[(4,)](x, o, n, BLOCK=64)
                        os._exit(0 if (o == x + 1).all() else 3)
                    except BaseException:
                        os._exit(4)
                deadline = time.monotonic() + 30
                while True:
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        break
                    if time.monotonic() > deadline:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                        pytest.fail("the forked child hung launching the kernel")
                    time.sleep(0.005)
                assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    finally:
        stop.set()
        t.join()


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are handled in the main thread")
def test_ctrl_c_interrupts_a_long_launch():
    out = np.zeros(1 << 20, np.float32)
    spin_kernel[(1,)](out, 10)  # compile first
    assert out[0] > 1.0
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            # about 1 ms per program: minutes for the whole grid
            spin_kernel[(1 << 20,)](out, 1000000)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - t0
    assert elapsed < 1.5, elapsed
    # the next launch runs in full
    out[:] = 0
    spin_kernel[(64,)](out, 10)
    assert (out[:64] > 1.0).all()


def test_cancel_from_c_is_a_launch_error():
    out = np.zeros(1 << 20, np.float32)
    spin_kernel[(1,)](out, 10)
    timer = threading.Timer(0.2, kcc.library().kcc_launch_cancel)
    timer.start()
    try:
        with pytest.raises(kcc.LaunchError, match="cancelled"):
            spin_kernel[(1 << 20,)](out, 1000000)
    finally:
        timer.cancel()
