// b5_inception2_p3_conv1_relu1_forward: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b5_inception2_p3_conv1_relu1_forward: C[48x1152] = the sum of 2 slices of k, each 416 long; epilogue
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
  if (i >= 55296u) { return; }
  let batch = i / 55296u;
  let row = (i / 1152u) % 48u;
  let col = i % 1152u;
  var sum = 0.0;
  for (var s = 0u; s < 2u; s++) { sum += gemm_partials[s * 55296u + (col / 9u) * 432u + row * 9u + col % 9u]; }
  gemm_c[(col / 9u) * 432u + row * 9u + col % 9u] = gemm_epilogue(sum, gemm_feature(row, batch));
}
