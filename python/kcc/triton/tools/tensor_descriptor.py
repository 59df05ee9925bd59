"""``triton.tools.tensor_descriptor.TensorDescriptor``: a tensor with its shape, strides and the
block shape a kernel loads and stores through it (host side only)."""

from dataclasses import dataclass
from typing import Any, List


@dataclass
class TensorDescriptor:
    base: Any
    shape: List[int]
    strides: List[int]
    block_shape: List[int]
    padding: str = "zero"

    def __post_init__(self):
        rank = len(self.shape)
        if len(self.strides) != rank or len(self.block_shape) != rank:
            raise ValueError("TensorDescriptor: shape %r, strides %r and block_shape %r must "
                             "have the same rank" % (self.shape, self.strides, self.block_shape))
        if rank and self.strides[-1] != 1:
            raise ValueError("TensorDescriptor: the last dimension must be contiguous "
                             "(strides %r)" % (self.strides,))
        if self.padding not in ("zero", "nan"):
            raise ValueError("TensorDescriptor: padding must be 'zero' or 'nan', got %r"
                             % (self.padding,))

    @staticmethod
    def from_tensor(tensor, block_shape, padding="zero"):
        """The descriptor of a whole torch tensor."""
        return TensorDescriptor(tensor, list(tensor.shape), list(tensor.stride()),
                                list(block_shape), padding)
