"""``tl.extra``: vendor libraries. ``tl.extra.libdevice`` and ``tl.extra.{cuda,hip,cpu}.libdevice``
are the same libdevice placeholders; kcc implements libdevice for every target."""

from . import libdevice, cuda, hip, cpu  # noqa: F401

__all__ = ["libdevice", "cuda", "hip", "cpu"]
