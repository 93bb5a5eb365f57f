// bn4_grad_input_grad_input: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
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

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> act_saved: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn dy_at(k: u32) -> f32 {
  return act_grad(dy[k], act_saved[k]);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 21504u) { return; }
  let c = (i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  let valid = i / 84u < step.rows;
  let x_i = x[i];
  y[i] = select(0.0, v.x * (dy_at(i) - v.w - (x_i - v.y) * v.z), valid);
}
