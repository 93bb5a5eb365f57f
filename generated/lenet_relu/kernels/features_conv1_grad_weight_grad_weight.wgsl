// features_conv1_grad_weight_grad_weight: lenet_relu, compiled by netc from ../../specs/lenet_relu.net
// gemm features_conv1_grad_weight_grad_weight: C[6x25] = the sum of 128 slices of k, each 1568 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 150u) { return; }
  let batch = i / 150u;
  let row = (i / 25u) % 6u;
  let col = i % 25u;
  var sum = 0.0;
  for (var s = 0u; s < 128u; s++) { sum += gemm_partials[s * 150u + row * 25u + col]; }
  gemm_c[row * 25u + col] = sum;
}
