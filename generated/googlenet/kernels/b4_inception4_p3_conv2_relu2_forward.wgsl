// b4_inception4_p3_conv2_relu2_forward: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception4_p3_conv2_relu2_forward: C[64x4608] = the sum of 2 slices of k, each 400 long; epilogue
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
fn act_relu(v: f32) -> f32 {
  return max(v, 0.0);
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_relu(value + at.bias);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 294912u) { return; }
  let batch = i / 294912u;
  let row = (i / 4608u) % 64u;
  let col = i % 4608u;
  var sum = 0.0;
  for (var s = 0u; s < 2u; s++) { sum += gemm_partials[s * 294912u + (col / 36u) * 2304u + row * 36u + col % 36u]; }
  gemm_c[(col / 36u) * 19008u + 14400u + row * 36u + col % 36u] = gemm_epilogue(sum, gemm_feature(row, batch));
}
