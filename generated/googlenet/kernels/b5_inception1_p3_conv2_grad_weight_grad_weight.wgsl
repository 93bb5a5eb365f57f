// b5_inception1_p3_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b5_inception1_p3_conv2_grad_weight_grad_weight: C[128x800] = the sum of 4 slices of k, each 288 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  let batch = i / 102400u;
  let row = (i / 800u) % 128u;
  let col = i % 800u;
  var sum = 0.0;
  for (var s = 0u; s < 4u; s++) { sum += gemm_partials[s * 102400u + row * 800u + col]; }
  gemm_c[row * 800u + col] = sum;
}
