// b1_conv1_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b1_conv1_grad_weight_grad_weight: C[64x49] = the sum of 12 slices of k, each 24576 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 3136u) { return; }
  let batch = i / 3136u;
  let row = (i / 49u) % 64u;
  let col = i % 49u;
  var sum = 0.0;
  for (var s = 0u; s < 12u; s++) { sum += gemm_partials[s * 3136u + row * 49u + col]; }
  gemm_c[row * 49u + col] = sum;
}
