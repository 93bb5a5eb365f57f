// b2_conv1_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b2_conv1_grad_weight_grad_weight: C[64x64] = the sum of 8 slices of k, each 9216 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 4096u) { return; }
  let batch = i / 4096u;
  let row = (i / 64u) % 64u;
  let col = i % 64u;
  var sum = 0.0;
  for (var s = 0u; s < 8u; s++) { sum += gemm_partials[s * 4096u + row * 64u + col]; }
  gemm_c[row * 64u + col] = sum;
}
