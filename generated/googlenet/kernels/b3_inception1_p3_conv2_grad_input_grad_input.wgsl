// b3_inception1_p3_conv2_grad_input_grad_input: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception1_p3_conv2_grad_input_grad_input: C[16x18432] = the sum of 2 slices of k, each 400 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 294912u) { return; }
  let batch = i / 294912u;
  let row = (i / 18432u) % 16u;
  let col = i % 18432u;
  var sum = 0.0;
  for (var s = 0u; s < 2u; s++) { sum += gemm_partials[s * 294912u + (col / 144u) * 2304u + row * 144u + col % 144u]; }
  gemm_c[(col / 144u) * 2304u + row * 144u + col % 144u] = sum;
}
