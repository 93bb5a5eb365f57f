// b5_inception2_p2_conv1_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b5_inception2_p2_conv1_grad_weight_grad_weight: C[192x832] = the sum of 4 slices of k, each 288 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 159744u) { return; }
  let batch = i / 159744u;
  let row = (i / 832u) % 192u;
  let col = i % 832u;
  var sum = 0.0;
  for (var s = 0u; s < 4u; s++) { sum += gemm_partials[s * 159744u + row * 832u + col]; }
  gemm_c[row * 832u + col] = sum;
}
