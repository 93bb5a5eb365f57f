// b4_inception1_p3_conv2_grad_input_grad_input: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception1_p3_conv2_grad_input_grad_input: C[16x4608] = the sum of 4 slices of k, each 300 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 73728u) { return; }
  let batch = i / 73728u;
  let row = (i / 4608u) % 16u;
  let col = i % 4608u;
  var sum = 0.0;
  for (var s = 0u; s < 4u; s++) { sum += gemm_partials[s * 73728u + (col / 36u) * 576u + row * 36u + col % 36u]; }
  gemm_c[(col / 36u) * 576u + row * 36u + col % 36u] = sum;
}
