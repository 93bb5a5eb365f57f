// bn1_grad_input_grad_input: bn_lenet, compiled by netc from specs/bn_lenet.net
struct Step {
  index: u32,       // optimizer step, from 1
  seed: u32,        // random stream of this step (dropout)
  slot: u32,        // metrics ring slot of this step
  rows: u32,        // valid rows of the batch (the last evaluation batch may be partial)
  lr: f32,          // learning rate of this step, after the schedule
  correction1: f32, // 1 - beta1^index (Adam)
  correction2: f32, // 1 - beta2^index (Adam)
  pad: f32,
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read> grad_weight: array<f32>;
@group(0) @binding(4) var<storage, read> grad_bias: array<f32>;
@group(0) @binding(5) var<storage, read> act_saved: array<f32>;
@group(0) @binding(6) var<storage, read_write> y: array<f32>;
@group(0) @binding(7) var<uniform> step: Step;

const TOTAL: u32 = 147456u;
var<private> COUNT: u32;
const THREADS: u32 = 64u;

var<workgroup> partial: array<vec2f, 64>;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / 576u) * 3456u + c * 576u + j % 576u;
}

fn workgroup_sum(t: u32, v: vec2f) -> vec2f {
  partial[t] = v;
  workgroupBarrier();
  var total = vec2f(0.0);
  for (var k = 0u; k < THREADS; k++) {
    total += partial[k];
  }
  // No thread may overwrite its partial sum (next call) before every thread has read them all.
  workgroupBarrier();
  return total;
}

fn batch_statistics(c: u32, t: u32) -> vec2f {
  let shift = x[channel_element(c, 0u)];
  var sums = vec2f(0.0);
  for (var j = t; j < COUNT; j += THREADS) {
    let d = x[channel_element(c, j)] - shift;
    sums += vec2f(d, d * d);
  }
  let moments = workgroup_sum(t, sums) / f32(COUNT);
  return vec2f(shift + moments.x, max(moments.y - moments.x * moments.x, 0.0));
}

fn dy_at(k: u32) -> f32 {
  let g = dy[k];
  let s = act_saved[k];
  return g * s * (1.0 - s);
}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let c = wid.x;
  COUNT = min(step.rows, 256u) * 576u;
  let stats = batch_statistics(c, t);
  let invstd = 1.0 / sqrt(stats.y + 0.000009999999747378752);
  let mean_dy = grad_bias[c] / f32(COUNT);
  let mean_dy_xhat = grad_weight[c] / f32(COUNT);
  let scale = weight[c] * invstd;
  for (var j = t; j < TOTAL; j += THREADS) {
    let k = channel_element(c, j);
    y[k] = select(0.0, scale * (dy_at(k) - mean_dy - (x[k] - stats.x) * invstd * mean_dy_xhat), j < COUNT);
  }
}
