// kgpu: the layout dialect of kcc's SIMT lowering (docs/simt.md). Layouts themselves are the
// encodings of builtin tensor types (dictionary attributes `{kgpu = "blocked", ...}` and
// `{kgpu = "slice", ...}`), so every value carries its layout through scf regions as Triton's
// TritonGPU encodings do; this dialect holds the ops the layout assignment inserts.
irdl.dialect @kgpu {
  // The same tile in another layout (same shape and element type): a conversion through
  // workgroup memory in the per-thread lowering.
  irdl.operation @convert_layout {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    irdl.operands(src: %t)
    irdl.results(result: %r)
  }
}
