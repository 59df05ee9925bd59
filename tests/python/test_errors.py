"""Launch and compile errors: the right exception, naming the parameter / the user's line."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kcc
from kernels import add_kernel, bad_kernel, fill_kernel, scale_kernel

HERE = os.path.dirname(os.path.abspath(__file__))


def arr(n=16):
    return np.zeros(n, np.float32)


def test_too_many_arguments():
    with pytest.raises(TypeError, match=r"add_kernel\(\) takes 5 arguments but 6"):
        add_kernel[(1,)](arr(), arr(), arr(), 16, 16, 7)


def test_missing_argument_named():
    with pytest.raises(TypeError, match="'n'"):
        add_kernel[(1,)](arr(), arr(), arr(), BLOCK=16)


def test_missing_constexpr_named():
    with pytest.raises(TypeError, match="constexpr 'BLOCK'"):
        add_kernel[(1,)](arr(), arr(), arr(), 16)


def test_unexpected_keyword():
    with pytest.raises(TypeError, match="unexpected keyword argument 'BLOK'"):
        add_kernel[(1,)](arr(), arr(), arr(), 16, BLOK=16)


def test_float_for_pointer_first_call():
    # the first launch ever of this variant: found by re-checking the parameter as a pointer
    with pytest.raises(TypeError, match="'y_ptr'"):
        add_kernel[(1,)](arr(), 2.5, arr(), 16, BLOCK=16)


def test_float_for_pointer_after_a_good_launch():
    add_kernel[(1,)](arr(), arr(), arr(), 16, BLOCK=16)
    with pytest.raises(TypeError, match="'out_ptr'"):
        add_kernel[(1,)](arr(), arr(), 1.0, 16, BLOCK=16)


@kcc.jit
def scaled_copy(x_ptr, out_ptr, scale, TENSOR_SCALE: kcc.language.constexpr):
    offs = kcc.language.arange(0, 16)
    if TENSOR_SCALE:
        s = kcc.language.load(scale + offs)
    else:
        s = scale
    kcc.language.store(out_ptr + offs, kcc.language.load(x_ptr + offs) * s)


def test_scalar_where_another_variant_had_a_pointer():
    # as test_mxfp8_mxfp4_matmul's a_scale: a constexpr decides whether it is a pointer
    x, out = np.arange(16, dtype=np.float32), arr()
    scaled_copy[(1,)](x, out, np.full(16, 2.0, np.float32), TENSOR_SCALE=True)
    np.testing.assert_array_equal(out, 2 * x)
    scaled_copy[(1,)](x, out, 3.0, TENSOR_SCALE=False)
    np.testing.assert_array_equal(out, 3 * x)
    with pytest.raises(TypeError, match="'scale' of scaled_copy.*must be a pointer"):
        scaled_copy[(1,)](x, out, 3.0, TENSOR_SCALE=True)


def test_list_for_pointer():
    with pytest.raises(TypeError, match="'x_ptr'.*list"):
        add_kernel[(1,)]([1.0, 2.0], arr(), arr(), 16, BLOCK=16)


def test_unsupported_object():
    with pytest.raises(TypeError, match="'x_ptr'"):
        add_kernel[(1,)](object(), arr(), arr(), 16, BLOCK=16)


def test_wrong_type_for_annotated_param():
    out = np.zeros(4, np.int64)
    with pytest.raises(TypeError, match="'value'.*i64"):
        fill_kernel[(1,)](out, 2.5, 4, BLOCK=4)
    with pytest.raises(TypeError, match="'value'"):
        fill_kernel[(1,)](out, out, 4, BLOCK=4)


def test_out_of_range_for_annotated_param():
    out = np.zeros(4, np.int64)
    with pytest.raises(ValueError, match="'value'"):
        fill_kernel[(1,)](out, 2**70, 4, BLOCK=4)


def test_bad_array_dtype():
    with pytest.raises(TypeError, match="'x_ptr'.*complex"):
        add_kernel[(1,)](np.zeros(4, np.complex64), arr(), arr(), 4, BLOCK=4)


def test_bad_constexpr_value():
    with pytest.raises(TypeError, match="'BLOCK'"):
        add_kernel[(1,)](arr(), arr(), arr(), 16, BLOCK=object())


@pytest.mark.parametrize("grid,exc", [((1, 1, 1, 1), ValueError), ((-1,), ValueError),
                                       ((1.5,), TypeError), ("x", TypeError)])
def test_bad_grid(grid, exc):
    with pytest.raises(exc, match="grid"):
        add_kernel[grid](arr(), arr(), arr(), 16, BLOCK=16)


def test_device_tensor_rejected():
    import torch
    meta = torch.empty(4, device="meta")
    with pytest.raises(ValueError, match="'x_ptr'.*device"):
        add_kernel[(1,)](meta, arr(), arr(), 4, BLOCK=4)


def test_compile_error_reports_user_file_and_line():
    with pytest.raises(kcc.CompilationError) as info:
        bad_kernel[(1,)](arr(), 16, BLOCK=16)
    e = info.value
    assert e.filename == os.path.join(HERE, "kernels.py")
    assert e.lineno == 71
    text = str(e)
    assert text.startswith("%s:71:" % e.filename)
    assert "undefined_name" in text and "^" in text
    assert e.__cause__ is None and e.__suppress_context__


def test_compile_error_traceback_has_no_kcc_internals(tmp_path):
    # a script whose kernel has an error: the traceback shows the user's launch line and the
    # located diagnostic, and no frames from inside kcc's compile machinery
    src = tmp_path / "user_kernel.py"
    src.write_text(textwrap.dedent('''\
        import numpy as np
        import kcc.triton as triton
        import kcc.triton.language as tl

        @triton.jit
        def k(x_ptr, BLOCK: tl.constexpr):
            offs = tl.arange(0, BLOCK)
            tl.store(x_ptr + offs, tl.load(x_ptr + offs) * nope)

        x = np.zeros(8, np.float32)
        k[(1,)](x, BLOCK=8)
        '''))
    env = dict(os.environ, PYTHONPATH=os.path.join(HERE, "..", "..", "python"))
    r = subprocess.run([sys.executable, str(src)], capture_output=True, text=True, env=env)
    assert r.returncode == 1
    assert "CompilationError" in r.stderr
    assert "%s:8:" % src in r.stderr
    assert "k[(1,)](x, BLOCK=8)" in r.stderr
    assert "_lib.py" not in r.stderr and "compile_source" not in r.stderr


def test_host_code_in_kernel_file_is_tolerated(tmp_path):
    # host code the kernel language lacks (comprehensions, classes, f-strings) next to a kernel
    src = tmp_path / "mixed.py"
    src.write_text(textwrap.dedent('''\
        import numpy as np
        import kcc
        import kcc.language as tl

        SCALE = 2.0

        class Helper:
            values = [i * i for i in range(4)]

        @kcc.jit
        def twice(x_ptr, n, BLOCK: tl.constexpr):
            offs = tl.arange(0, BLOCK)
            m = offs < n
            tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=m) * 2.0, mask=m)

        def run():
            x = np.arange(8, dtype=np.float32)
            twice[(1,)](x, 8, BLOCK=8)
            return {f"v{i}": v for i, v in enumerate(x)}
        '''))
    sys.path.insert(0, str(tmp_path))
    try:
        import mixed
        out = mixed.run()
        assert out["v3"] == 6.0
    finally:
        sys.path.remove(str(tmp_path))


def test_unknown_target_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("KCC_TARGET", "gpu:nonsense")
    with pytest.raises(kcc.UsageError):
        scale_kernel[(1,)](arr(), arr(), 4, 2, 1.0, BLOCK=4)
