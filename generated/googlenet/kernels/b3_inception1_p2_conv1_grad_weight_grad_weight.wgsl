// b3_inception1_p2_conv1_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception1_p2_conv1_grad_weight_grad_weight: C[96x192] = the sum of 72 slices of k, each 256 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 18432u) { return; }
  let batch = i / 18432u;
  let row = (i / 192u) % 96u;
  let col = i % 192u;
  var sum = 0.0;
  for (var s = 0u; s < 72u; s++) { sum += gemm_partials[s * 18432u + row * 192u + col]; }
  gemm_c[row * 192u + col] = sum;
}
