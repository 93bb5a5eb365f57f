// b4_inception4_p2_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception4_p2_conv2_grad_weight_grad_weight: C[288x1296] = the sum of 8 slices of k, each 576 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 373248u) { return; }
  let batch = i / 373248u;
  let row = (i / 1296u) % 288u;
  let col = i % 1296u;
  var sum = 0.0;
  for (var s = 0u; s < 8u; s++) { sum += gemm_partials[s * 373248u + row * 1296u + col]; }
  gemm_c[row * 1296u + col] = sum;
}
