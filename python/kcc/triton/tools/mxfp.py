"""``triton.tools.mxfp``: host-side microscaling (OCP MX) formats for building test data:
:class:`MXFP4Tensor` (E2M1 four-bit floats, one code 0..15 per uint8 of ``data``, and their
two-per-byte packing) and :class:`MXScaleTensor` (E8M0 block scales: ``2**(code - 127)``, code
255 is NaN)."""

import torch

# E2M1: sign bit, two exponent bits (bias 1), one mantissa bit; codes 0..7 are these magnitudes
_E2M1 = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)


class _Codes:
    """One uint8 code per element in ``data``: from a float tensor (the subclass's
    ``_from_float``), or zeros of ``size`` on ``device`` to fill with ``random()``."""

    def __init__(self, data=None, size=None, device=None):
        if data is not None:
            self.device = data.device
            self.data = self._from_float(data)
        else:
            self.device = device
            self.data = torch.zeros(size, dtype=torch.uint8, device=device) if size else None


class MXFP4Tensor(_Codes):
    """E2M1 values: ``MXFP4Tensor(float_tensor)`` rounds to the nearest representable value
    (ties to the even code, saturating at +-6; NaN becomes 0), ``MXFP4Tensor(size=,
    device=).random()`` draws codes uniformly. ``data`` holds the codes (uint8)."""

    def random(self):
        self.data = torch.randint(0, 16, self.data.shape, dtype=torch.uint8, device=self.device)
        return self

    def to(self, dtype):
        table = torch.tensor(_E2M1, dtype=torch.float32, device=self.device)
        mag = table[(self.data & 7).long()]
        return torch.where((self.data & 8) != 0, -mag, mag).to(dtype)

    @staticmethod
    def _from_float(values):
        v = values.to(torch.float32)
        sign = (v < 0) | ((v == 0) & (torch.sign(1 / v) < 0))
        mag = torch.nan_to_num(v.abs(), nan=0.0).clamp(max=6.0)
        table = torch.tensor(_E2M1, dtype=torch.float32, device=v.device)
        dist = (mag.unsqueeze(-1) - table).abs()
        best = dist.min(dim=-1, keepdim=True).values
        ties = dist == best  # the even code among the nearest ones (codes 0..7 ascend)
        even = ties & (torch.arange(8, device=v.device) % 2 == 0)
        code = torch.where(even.any(-1), even.float().argmax(-1), ties.float().argmax(-1))
        return (code.to(torch.uint8) | (sign.to(torch.uint8) << 3)).to(torch.uint8)

    def to_packed_tensor(self, dim):
        """Two codes a byte along ``dim`` (the even index in the low nibble); an odd length is
        padded with a zero code."""
        d = self.data
        if d.shape[dim] % 2:
            pad = list(d.shape)
            pad[dim] = 1
            d = torch.cat([d, torch.zeros(pad, dtype=d.dtype, device=d.device)], dim=dim)
        idx = torch.arange(0, d.shape[dim], 2, device=d.device)
        lo, hi = d.index_select(dim, idx), d.index_select(dim, idx + 1)
        return (lo | (hi << 4)).to(torch.uint8)

    def unpack_packed_tensor(self, packed_tensor, dim, original_shape):
        """The codes of ``packed_tensor`` (packed along ``dim``), cut to ``original_shape``."""
        lo = packed_tensor & 0xF
        hi = (packed_tensor >> 4) & 0xF
        both = torch.stack([lo, hi], dim=dim % packed_tensor.dim() + 1)
        shape = list(packed_tensor.shape)
        shape[dim] *= 2
        out = both.reshape(shape)
        return out[tuple(slice(0, n) for n in original_shape)]


class MXScaleTensor(_Codes):
    """E8M0 scales: ``MXScaleTensor(float_tensor)`` takes the nearest power of two (by
    exponent, clamped to 2**-127..2**127; NaN and non-positive values become the NaN code),
    ``random(low, high)`` draws powers of two in [low, high]. ``data`` holds the codes."""

    def random(self, low=None, high=None):
        lo = -127 if low is None else int(torch.tensor(float(low)).log2().ceil())
        hi = 127 if high is None else int(torch.tensor(float(high)).log2().floor())
        e = torch.randint(lo, hi + 1, self.data.shape, device=self.device)
        self.data = (e + 127).to(torch.uint8)
        return self

    def to(self, dtype):
        e = self.data.to(torch.float32) - 127
        v = torch.pow(torch.tensor(2.0, device=self.device), e)
        return torch.where(self.data == 255, torch.full_like(v, float("nan")), v).to(dtype)

    @staticmethod
    def _from_float(values):
        v = values.to(torch.float32)
        code = (torch.log2(v).round().clamp(-127, 127) + 127)
        bad = torch.isnan(v) | (v <= 0)
        return torch.where(bad, torch.full_like(code, 255), code).to(torch.uint8)
