// b4_inception5_p3_conv2_grad_input_grad_input: googlenet, compiled by netc from specs/googlenet.net
// gemm b4_inception5_p3_conv2_grad_input_grad_input: C[32x36] = the sum of 2 slices of k, each 1600 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 147456u) { return; }
  let batch = i / 1152u;
  let row = (i / 36u) % 32u;
  let col = i % 36u;
  var sum = 0.0;
  for (var s = 0u; s < 2u; s++) { sum += gemm_partials[s * 147456u + i]; }
  gemm_c[batch * 1152u + row * 36u + col] = sum;
}
