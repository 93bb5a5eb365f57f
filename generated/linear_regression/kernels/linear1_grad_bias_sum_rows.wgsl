// linear1_grad_bias_sum_rows: linear_regression, compiled by netc from ../../specs/linear_regression.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// One thread per column; neighbouring threads read neighbouring addresses.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  if (col >= 1u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 10u; row++) {
    sum += x[row + col];
  }
  y[col] = sum;
}
