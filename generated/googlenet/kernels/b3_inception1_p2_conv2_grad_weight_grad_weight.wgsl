// b3_inception1_p2_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception1_p2_conv2_grad_weight_grad_weight: C[128x864] = the sum of 48 slices of k, each 384 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 110592u) { return; }
  let batch = i / 110592u;
  let row = (i / 864u) % 128u;
  let col = i % 864u;
  var sum = 0.0;
  for (var s = 0u; s < 48u; s++) { sum += gemm_partials[s * 110592u + row * 864u + col]; }
  gemm_c[row * 864u + col] = sum;
}
