// b5_inception2_p3_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b5_inception2_p3_conv2_grad_weight_grad_weight: C[128x1200] = the sum of 4 slices of k, each 288 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 153600u) { return; }
  let batch = i / 153600u;
  let row = (i / 1200u) % 128u;
  let col = i % 1200u;
  var sum = 0.0;
  for (var s = 0u; s < 4u; s++) { sum += gemm_partials[s * 153600u + row * 1200u + col]; }
  gemm_c[row * 1200u + col] = sum;
}
