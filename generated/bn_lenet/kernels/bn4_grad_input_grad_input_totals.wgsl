// bn4_grad_input_grad_input_totals: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
struct Step {
  index: u32,       // optimizer step, from 1
  seed: u32,        // random stream of this step (dropout)
  slot: u32,        // metrics ring slot of this step
  rows: u32,        // valid rows of the batch (the last evaluation batch may be partial)
  lr: f32,          // learning rate of this step, after the schedule
  correction1: f32, // 1 - beta1^index (Adam)
  correction2: f32, // 1 - beta2^index (Adam)
  statistics_rate: f32, // batch norm's running statistics update rate where above 0, else each one's momentum
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad_weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u)];
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  grad_weight[c] = (sums.z - centred * sums.w) / sqrt(variance + 0.000009999999747378752);
  grad_bias[c] = sums.w;
  let invstd = 1.0 / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(weight[c] * invstd, mean, invstd * grad_weight[c] / f32(count), grad_bias[c] / f32(count));
}
