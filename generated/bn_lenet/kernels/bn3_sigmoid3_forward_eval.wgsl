// bn3_sigmoid3_forward_eval: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 30720u) { return; }
  let c = i % 120u;
  y[i] = act_sigmoid((x[i] - running_mean[c]) * (weight[c] / sqrt(running_var[c] + 0.000009999999747378752)) + bias[c]);
}
