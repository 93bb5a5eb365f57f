// b3_inception2_p3_conv2_grad_input_grad_input: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception2_p3_conv2_grad_input_grad_input: C[32x18432] = the sum of 8 slices of k, each 300 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 589824u) { return; }
  let batch = i / 589824u;
  let row = (i / 18432u) % 32u;
  let col = i % 18432u;
  var sum = 0.0;
  for (var s = 0u; s < 8u; s++) { sum += gemm_partials[s * 589824u + (col / 144u) * 4608u + row * 144u + col % 144u]; }
  gemm_c[(col / 144u) * 4608u + row * 144u + col % 144u] = sum;
}
