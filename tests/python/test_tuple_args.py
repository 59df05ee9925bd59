"""@kcc.jit kernels called with Python tuples: passed part by part (t.0, t.1.0...)."""

import collections

import numpy as np
import pytest

import kcc
import kcc.language as tl
from tuple_kernels import tuple_incr, tuple_len, tuple_scale, tuple_staged, tuple_sum


def test_tuple_of_pointers_and_nested_scalars():
    n = 300
    x = np.arange(n, dtype=np.float32)
    out = np.zeros_like(x)
    k = tuple_scale[(kcc.cdiv(n, 128),)]((x, out), (2.5, (3.0,)), n, BLOCK=128)
    np.testing.assert_array_equal(out, x * 2.5 + 3.0)
    assert [p[0] for p in k.params] == ["ptrs.0", "ptrs.1", "scales.0", "scales.1.0", "n"]
    # same shapes again: the variant is reused
    out2 = np.zeros_like(x)
    assert tuple_scale[(kcc.cdiv(n, 128),)]((x, out2), (2.5, (3.0,)), n, BLOCK=128) is k
    np.testing.assert_array_equal(out2, out)


def test_constexpr_and_specialised_parts():
    n = 64
    x = np.arange(n, dtype=np.float32)
    out = np.zeros_like(x)
    # a tl.constexpr part is folded; an int equal to 1 becomes a constexpr as for plain args
    k = tuple_scale[(1,)]((x, out), (1, (tl.constexpr(7),)), n, BLOCK=64)
    np.testing.assert_array_equal(out, x + 7)
    assert [p[0] for p in k.params] == ["ptrs.0", "ptrs.1", "n"]
    assert k.constants["scales.1.0"] == "7" and k.constants["scales.0"] == "1"


def test_tuple_length_and_namedtuple():
    out = np.zeros(1, dtype=np.int32)
    tuple_len[(1,)]((5, 6, 7), out)
    assert out[0] == 37
    Pair = collections.namedtuple("Pair", "a b")
    tuple_len[(1,)](Pair(4, 9), out)
    assert out[0] == 29


def test_tuple_of_arrays_grid_callable_sees_tuple():
    ins = tuple(np.full(32, i + 1, dtype=np.float32) for i in range(3))
    out = np.zeros(32, dtype=np.float32)
    seen = []
    tuple_sum[lambda meta: seen.append(meta["ins"]) or (1,)](ins, out, BLOCK=32)
    np.testing.assert_array_equal(out, np.full(32, 6, dtype=np.float32))
    assert seen and seen[0] is ins


def test_bad_part_is_named():
    out = np.zeros(1, dtype=np.int32)
    with pytest.raises(TypeError, match=r"t\.1"):
        tuple_len[(1,)]((5, [1, 2]), out)


def test_empty_tuple_is_a_constexpr():
    out = np.ones(8, dtype=np.float32)
    k = tuple_sum[(1,)]((), out, BLOCK=8)
    np.testing.assert_array_equal(out, np.zeros(8, dtype=np.float32))
    assert k.constants["ins"] == "()"


def test_tl_tuple_and_tuple_of_outputs():
    outs = tuple(np.zeros(1, dtype=np.float32) for _ in range(3))
    tuple_incr[(1,)]((1.5, 2, 7), outs)
    assert [o[0] for o in outs] == [2.5, 3.0, 8.0]


def test_more_live_variants_than_descriptor_names():
    # every variant stays loaded (the jit cache holds it): the /proc/self/fd/N names of earlier
    # loads belong to live objects, so each load goes through a fresh name (runtime/loader.c)
    outs = []
    for c in range(80):
        out = np.zeros(1, dtype=np.int32)
        tuple_len[(1,)]((tl.constexpr(c), c + 1000), out)
        outs.append(out[0])
    assert outs == [20 + c + 1000 for c in range(80)]


def test_launch_options_with_tuple_arguments():
    x = np.arange(16, dtype=np.float32)
    out = np.zeros_like(x)
    k = tuple_staged[(1,)]((x, out), num_stages=3, num_warps=2)
    np.testing.assert_array_equal(out, x * 3)
    assert k.num_stages == 3 and k.num_warps == 2
