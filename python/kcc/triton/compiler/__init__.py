"""``triton.compiler``: ``compile(ASTSource(fn, signature, constexprs))`` compiles a kernel
without launching it, as Triton's ahead-of-time entry does; ``errors`` holds the exception
classes. The result is kcc's :class:`kcc.CompiledKernel`; its ``asm`` maps Triton's stage names
to kcc's (``ttir``/``ttgir`` -> ``kir``, ``llir`` -> ``llvm``, ``asm``)."""

from . import errors  # noqa: F401
from .compiler import ASTSource, CompiledKernel, compile  # noqa: F401
from .errors import CompilationError, CompileTimeAssertionFailure  # noqa: F401

__all__ = ["compile", "ASTSource", "CompiledKernel", "CompilationError",
           "CompileTimeAssertionFailure", "errors"]
