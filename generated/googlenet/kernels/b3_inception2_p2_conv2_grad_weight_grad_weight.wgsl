// b3_inception2_p2_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception2_p2_conv2_grad_weight_grad_weight: C[192x1152] = the sum of 16 slices of k, each 1152 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 221184u) { return; }
  let batch = i / 221184u;
  let row = (i / 1152u) % 192u;
  let col = i % 1152u;
  var sum = 0.0;
  for (var s = 0u; s < 16u; s++) { sum += gemm_partials[s * 221184u + row * 1152u + col]; }
  gemm_c[row * 1152u + col] = sum;
}
