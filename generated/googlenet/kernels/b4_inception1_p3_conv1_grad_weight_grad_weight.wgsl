// b4_inception1_p3_conv1_grad_weight_grad_weight: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception1_p3_conv1_grad_weight_grad_weight: C[16x480] = the sum of 18 slices of k, each 256 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 7680u) { return; }
  let batch = i / 7680u;
  let row = (i / 480u) % 16u;
  let col = i % 480u;
  var sum = 0.0;
  for (var s = 0u; s < 18u; s++) { sum += gemm_partials[s * 7680u + row * 480u + col]; }
  gemm_c[row * 480u + col] = sum;
}
