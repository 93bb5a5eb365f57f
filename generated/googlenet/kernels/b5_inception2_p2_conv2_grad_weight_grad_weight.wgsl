// b5_inception2_p2_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b5_inception2_p2_conv2_grad_weight_grad_weight: C[384x1728] = the sum of 4 slices of k, each 288 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 663552u) { return; }
  let batch = i / 663552u;
  let row = (i / 1728u) % 384u;
  let col = i % 1728u;
  var sum = 0.0;
  for (var s = 0u; s < 4u; s++) { sum += gemm_partials[s * 663552u + row * 1728u + col]; }
  gemm_c[row * 1728u + col] = sum;
}
