"""The check-bounds mode (KCC_CHECK_BOUNDS=1, or debug=True): every live lane of a load, store or
atomic is checked against the size of the array argument it addresses; the first violation fails
the launch with the kernel's file:line:col, the parameter and the element offset."""
import ctypes
import os
import re
import sys

import numpy as np
import pytest

import kcc

sys.path.insert(0, os.path.dirname(__file__))
import bounds_kernels as bk  # noqa: E402

SRC = os.path.join(os.path.dirname(__file__), "bounds_kernels.py")


def _line(marker):
    with open(SRC) as f:
        for i, text in enumerate(f, 1):
            if text.rstrip().endswith("# " + marker):
                return i
    raise AssertionError(marker)


@pytest.fixture
def checked(monkeypatch):
    monkeypatch.setenv("KCC_CHECK_BOUNDS", "1")


def _where(marker):
    return r"bounds_kernels\.py:%d:\d+: " % _line(marker)


def test_off_by_one_store_is_reported(checked):
    n = 1000
    x = np.arange(n, dtype=np.float32)
    out = np.zeros(n, np.float32)
    with pytest.raises(kcc.KccError) as e:
        bk.store_off_by_one[(4,)](x, out, n, BLOCK=256)
    msg = str(e.value)
    assert re.search(_where("OOB store") + r"out-of-bounds store through 'out_ptr': element "
                     r"offset 1000, array of 1000 elements", msg), msg
    assert "program (3, 0, 0)" in msg


def test_off_by_one_load_is_reported(checked):
    n = 1000
    x = np.arange(n, dtype=np.float32)
    out = np.zeros(n + 1, np.float32)
    with pytest.raises(kcc.KccError, match=_where("OOB load") + r"out-of-bounds load through "
                       r"'x_ptr': element offset 1000, array of 1000 elements"):
        bk.load_off_by_one[(4,)](x, out, n, BLOCK=256)


def test_scalar_atomic_and_loop(checked):
    out = np.zeros(4, np.float32)
    bk.scalar_store[(1,)](out, 3)
    assert out[3] == 7
    with pytest.raises(kcc.KccError, match=_where("scalar store") + r"out-of-bounds store "
                       r"through 'out_ptr': element offset 4, array of 4 elements"):
        bk.scalar_store[(1,)](out, 4)
    with pytest.raises(kcc.KccError, match=r"element offset -1, array of 4"):
        bk.scalar_store[(1,)](out, -1)
    a = np.zeros(16, np.float32)
    with pytest.raises(kcc.KccError, match=_where("OOB atomic") + r"out-of-bounds atomic "
                       r"through 'out_ptr': element offset 16, array of 16"):
        bk.atomic_off_by_one[(1,)](a, 16, BLOCK=32)
    b = np.zeros(64, np.float32)
    with pytest.raises(kcc.KccError, match=_where("loop store") + r"out-of-bounds store "
                       r"through 'out_ptr': element offset 64, array of 64"):
        bk.loop_store[(1,)](b, 64, BLOCK=16)


def test_views_are_sized_from_their_pointer(checked):
    big = np.zeros(1001, np.float32)
    x = np.arange(1000, dtype=np.float32)
    # a view one element short of its base's end: the store to element 1000 is in the base
    bk.store_off_by_one[(4,)](x, big[:1000], 1000, BLOCK=256)
    # a view starting one element in: the same store runs past the base's end
    with pytest.raises(kcc.KccError, match="element offset 1000, array of 1000 elements"):
        bk.store_off_by_one[(4,)](x, big[1:], 1000, BLOCK=256)


def test_correct_kernel_passes(checked):
    n = 1000
    x = np.arange(n, dtype=np.float32)
    out = np.zeros(n, np.float32)
    bk.copy_ok[(4,)](x, out, n, BLOCK=256)
    assert (out == 2 * x).all()
    assert "__kcc_bounds_fail" in bk.copy_ok.warmup(x, out, n, BLOCK=256,
                                                    grid=(1,)).asm["mlir-llvm"]


def test_debug_true_checks():
    n = 100
    x = np.arange(n, dtype=np.float32)
    out = np.zeros(n, np.float32)
    with pytest.raises(kcc.KccError, match=_where("debug OOB store") + "out-of-bounds store "
                       "through 'out_ptr'"):
        bk.store_off_by_one_debug[(1,)](x, out, n, BLOCK=128)


def test_unchecked_by_default(monkeypatch):
    monkeypatch.delenv("KCC_CHECK_BOUNDS", raising=False)
    n = 1000
    x = np.arange(n, dtype=np.float32)
    big = np.zeros(n + 1, np.float32)  # room for the off-by-one store
    bk.store_off_by_one[(4,)](x, big[:n], n, BLOCK=256)
    assert big[n] == 1  # written, not checked
    assert "__kcc_bounds_fail" not in bk.copy_ok.warmup(
        x, big, n, BLOCK=256, grid=(1,)).asm["mlir-llvm"]


def test_unknown_sizes_check_nothing(checked):
    """kcc_launch (no sizes) and a pointer Python cannot size: nothing is checked, not even
    negative offsets (the pointer may be inside a larger array)."""
    big = np.zeros(8, np.float32)
    compiled = bk.scalar_store.warmup(big, 0, grid=(1,))
    view = big[2:]
    compiled.kernel.launch((ctypes.c_uint * 3)(1, 1, 1),
                           _args(ctypes.c_void_p(view.ctypes.data), ctypes.c_int32(-1)))
    assert big[1] == 7
    compiled.kernel.launch((ctypes.c_uint * 3)(1, 1, 1),
                           _args(ctypes.c_void_p(view.ctypes.data), ctypes.c_int32(5)))
    assert big[7] == 7 and view[5] == 7


def _args(*objs):
    arr = (ctypes.c_void_p * len(objs))()
    for i, o in enumerate(objs):
        arr[i] = ctypes.addressof(o)
    arr._keep = objs
    return arr


def test_loaded_shared_object_takes_sizes(checked, tmp_path):
    """A check-bounds kernel saved as a shared object and loaded back (kcc_kernel_load): the
    metadata's `check-bounds 1` makes kcc_launch_sized pass the sizes."""
    from kcc import _lib
    out = np.zeros(4, np.float32)
    so = bk.scalar_store.warmup(out, 0, grid=(1,)).kernel.emit("so")
    path = tmp_path / "k.so"
    path.write_bytes(so)
    lib = _lib.library()
    h, diag = ctypes.c_void_p(), ctypes.c_void_p()
    assert lib.kcc_kernel_load(os.fsencode(str(path)), b"scalar_store", ctypes.byref(h),
                               ctypes.byref(diag)) == 0
    try:
        grid = (ctypes.c_uint * 3)(1, 1, 1)
        sizes = (ctypes.c_int64 * 2)(out.nbytes, -1)
        for i, want in ((2, 0), (4, 1)):
            args = _args(ctypes.c_void_p(out.ctypes.data), ctypes.c_int32(i))
            st = lib.kcc_launch_sized(h, ctypes.addressof(grid), ctypes.addressof(args),
                                      ctypes.addressof(sizes), ctypes.byref(diag))
            assert (st != 0) == bool(want)
            if st:
                msg = ctypes.string_at(diag.value).decode()
                lib.kcc_free(diag.value)
                assert "out-of-bounds store through 'out_ptr': element offset 4, array of 4" in msg
        assert out[2] == 7
    finally:
        lib.kcc_kernel_destroy(h)
