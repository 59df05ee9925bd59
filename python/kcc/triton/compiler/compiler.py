"""``triton.compile(ASTSource(fn, signature, constexprs))``: compile one specialisation of a
jit function without launching it (Triton's ahead-of-time entry point, used by tests and tools).

``signature`` maps parameter names to signature types (``'*fp32'``, ``'i32'``, ``'*fp8e4nv'``)
or ``'constexpr'``; ``constexprs`` gives the constexpr values, keyed by name, by parameter index
or by Triton's index paths (``(2,)``). A compile error is a :class:`CompilationError` (or the
subclass for its kind) whose text starts with Triton's ``at LINE:COL:`` (relative to the
``def`` line) before kcc's located diagnostic."""

import inspect
import linecache
import re

from ...errors import CompilationError, UsageError
from ...jit import (CompiledKernel, JITFunction, _is_function_arg, constexpr_literal,
                    default_target)

__all__ = ["ASTSource", "compile", "CompiledKernel"]


class ASTSource:
    """What to compile: a jit function, its signature and its constexpr values."""

    def __init__(self, fn, signature, constexprs=None, attrs=None):
        if not isinstance(fn, JITFunction):
            raise TypeError("ASTSource: fn must be a @triton.jit function, got %r" % (fn,))
        self.fn = fn
        self.signature = dict(signature or {})
        self.constexprs = {}
        for k, v in (constexprs or {}).items():
            self.constexprs[self._name(k)] = v
        self.attrs = attrs or {}
        self.name = fn.__name__

    def _name(self, key):
        if isinstance(key, tuple):
            if len(key) != 1:
                raise UsageError("ASTSource: constexpr path %r: kcc takes no tuple arguments "
                                 "here" % (key,))
            key = key[0]
        if isinstance(key, int):
            return self.fn.arg_names[key]
        return key

    def hash(self):
        return "%s-%r-%r" % (self.fn.cache_key, sorted(self.signature.items()),
                             sorted((k, repr(v)) for k, v in self.constexprs.items()))


_DEF = re.compile(r"^\s*(async\s+)?def\s")


def _def_line(filename, lineno):
    """The line of the ``def`` enclosing line ``lineno`` of ``filename`` (the nearest ``def``
    above it), or None."""
    lines = linecache.getlines(filename)
    for i in range(min(lineno, len(lines)) - 1, -1, -1):
        if _DEF.match(lines[i]):
            return i + 1
    return None


def _relative(err, fn):
    """The error with Triton's ``at LINE:COL:`` prefix: line 1 is the ``def`` line of the
    function the error is in (the kernel, or the jit helper it calls), columns count from 0 in
    its dedented source."""
    if err.lineno is None:
        return err
    line = err.lineno - fn._src_line
    if not 1 <= line <= (fn._src or "").count("\n") + 1:  # in a helper
        start = _def_line(err.filename, err.lineno)
        if start is not None:
            line = err.lineno - start + 1
    col = max(err.col - 1, 0)  # kcc's columns count from 1 in the dedented source
    new = CompilationError("at %d:%d:\n%s" % (line, col, err.diagnostics))
    return new


def compile(src, target=None, options=None):
    """Compiles ``src`` (an :class:`ASTSource`) for ``target`` (a kcc target name or a
    Triton target descriptor, default: kcc's default target); ``options`` may carry
    ``num_warps``, ``num_stages``, ``num_ctas``. Returns a :class:`kcc.CompiledKernel`."""
    fn = src.fn
    if not isinstance(target, str):
        target = default_target()
    signature, defines = [], []
    for p in fn.params:
        ty = src.signature.get(p.name)
        if p.name in src.constexprs or ty == "constexpr" or (ty is None and p.is_constexpr):
            if p.name in src.constexprs:
                value = src.constexprs[p.name]
            elif p.default is not inspect.Parameter.empty:
                value = p.default
            else:
                raise UsageError("compile(%s): no value for constexpr parameter '%s'"
                                 % (fn.__name__, p.name))
            defines.append((p.name, value if _is_function_arg(value) else
                            constexpr_literal(value, p.name, fn.__name__)))
        elif ty is None:
            raise UsageError("compile(%s): parameter '%s' is missing from the signature"
                             % (fn.__name__, p.name))
        else:
            signature.append((p.name, ty))
    launch = tuple((options or {}).get(k, d) for k, d in
                   (("num_warps", 4), ("num_stages", 3), ("num_ctas", 1)))
    opts = fn._options(signature, defines, target, launch)
    try:
        kernel = fn._compile_text(opts)
    except CompilationError as e:
        raise _relative(e, fn).with_traceback(None) from None
    key = ("compile", target, launch) + tuple(signature) + tuple(defines)
    return CompiledKernel(fn, kernel, key, ",".join("%s=%s" % s for s in signature),
                          dict(defines), target, launch)
