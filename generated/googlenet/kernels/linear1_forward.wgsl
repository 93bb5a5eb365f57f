// linear1_forward: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm linear1_forward: C[128x10] = the sum of 4 slices of k, each 256 long; epilogue
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return value + at.bias;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 1280u) { return; }
  let batch = i / 1280u;
  let row = (i / 10u) % 128u;
  let col = i % 10u;
  var sum = 0.0;
  for (var s = 0u; s < 4u; s++) { sum += gemm_partials[s * 1280u + row * 10u + col]; }
  gemm_c[row * 10u + col] = gemm_epilogue(sum, gemm_feature(col, batch));
}
