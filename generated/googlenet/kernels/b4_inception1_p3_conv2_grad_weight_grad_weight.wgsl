// b4_inception1_p3_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception1_p3_conv2_grad_weight_grad_weight: C[48x400] = the sum of 18 slices of k, each 256 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 19200u) { return; }
  let batch = i / 19200u;
  let row = (i / 400u) % 48u;
  let col = i % 400u;
  var sum = 0.0;
  for (var s = 0u; s < 18u; s++) { sum += gemm_partials[s * 19200u + row * 400u + col]; }
  gemm_c[row * 400u + col] = sum;
}
