// linear3_grad_bias_sum_rows: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// One thread per column; neighbouring threads read neighbouring addresses.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  if (col >= 10u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 256u; row++) {
    sum += x[row * 10u + col];
  }
  y[col] = sum;
}
