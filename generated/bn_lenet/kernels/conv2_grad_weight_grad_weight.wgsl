// conv2_grad_weight_grad_weight: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
// gemm conv2_grad_weight_grad_weight: C[16x150] = the sum of 64 slices of k, each 256 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 2400u) { return; }
  let batch = i / 2400u;
  let row = (i / 150u) % 16u;
  let col = i % 150u;
  var sum = 0.0;
  for (var s = 0u; s < 64u; s++) { sum += gemm_partials[s * 2400u + row * 150u + col]; }
  gemm_c[row * 150u + col] = sum;
}
