// b2_conv2_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b2_conv2_grad_weight_grad_weight: C[192x576] = the sum of 32 slices of k, each 2304 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 110592u) { return; }
  let batch = i / 110592u;
  let row = (i / 576u) % 192u;
  let col = i % 576u;
  var sum = 0.0;
  for (var s = 0u; s < 32u; s++) { sum += gemm_partials[s * 110592u + row * 576u + col]; }
  gemm_c[row * 576u + col] = sum;
}
