"""``triton.knobs``: the settings namespace Triton host code reads (``triton.knobs.cache.dir``,
``triton.knobs.runtime.interpret``, ``triton.knobs.autotuning.print``...). A minimal stand-in:
plain attributes with Triton's defaults, read from the environment kcc uses where one applies;
setting them changes nothing in kcc unless noted."""

import os as _os
import types as _types


def _env_flag(name):
    return _os.environ.get(name, "0").lower() in ("1", "true", "on", "yes")


class _Knobs(_types.SimpleNamespace):
    """A group of knobs; ``scope()`` is accepted (Triton uses it in tests) and is a no-op."""

    def scope(self):
        import contextlib
        return contextlib.nullcontext(self)


#: ``cache.dir``: kcc's on-disk cache (KCC_CACHE_DIR, default ~/.cache/kcc)
cache = _Knobs(dir=_os.environ.get("KCC_CACHE_DIR") or _os.path.join(
    _os.path.expanduser("~"), ".cache", "kcc"), dump_dir=None, override_dir=None, home_dir=None)
compilation = _Knobs(always_compile=False, disable_line_info=False, front_end_debugging=False,
                     allow_non_constexpr_globals=True, enable_asan=False, listener=None,
                     use_ir_loc=None, dump_ir=False, override=False)
runtime = _Knobs(interpret=False, debug=_env_flag("KCC_DEBUG"), override_arch=None,
                 launch_enter_hook=None, launch_exit_hook=None, jit_cache_hook=None,
                 jit_post_compile_hook=None, add_stages_inspection_hook=None)
autotuning = _Knobs(cache=False, print=_env_flag("TRITON_PRINT_AUTOTUNING"))
build = _Knobs(backend_dirs=set(), cc=None)
language = _Knobs(fp32_default=None, default_fp_fusion=True)

__all__ = ["cache", "compilation", "runtime", "autotuning", "build", "language"]
