"""``triton.runtime.errors``: the runtime exceptions Triton code catches. kcc raises none of
the GPU resource errors (a CPU kernel has no register or shared-memory budget), but code that
names them in ``except`` clauses or ``pytest.raises`` must import."""

from ...errors import KccError, TritonError  # noqa: F401
from ...runtime import OutOfResources  # noqa: F401


class InterpreterError(TritonError):
    """Triton's interpreter (TRITON_INTERPRET=1) error; kcc has no interpreter."""


class PTXASError(TritonError):
    """Triton: ptxas failed. Never raised by kcc."""


class AutotunerError(TritonError):
    """Triton: autotuning failed."""


__all__ = ["OutOfResources", "InterpreterError", "PTXASError", "AutotunerError"]
