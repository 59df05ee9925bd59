"""``triton.tools``: ``tensor_descriptor.TensorDescriptor`` (the host-side description of a
tensor for ``tl.make_tensor_descriptor``-style kernels) and ``mxfp`` (MXFP4 / E8M0 test data). kcc's compiler decides whether a kernel
taking one compiles; this module only lets Triton code build and pass them."""

from . import mxfp, tensor_descriptor  # noqa: F401

__all__ = ["tensor_descriptor", "mxfp"]
