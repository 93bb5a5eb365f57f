// bn1_grad_input_grad_input: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
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

@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> x: array<vec4f>;
@group(0) @binding(2) var<storage, read> act_saved: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(4) var<storage, read> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 24u) % 24u;
  let w = 4u * k % 24u;
  let row = 4u * k / 576u * 144u + (h / 2u) * 12u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn dy_at4(k: u32, x_k: vec4f, norm: vec4f) -> vec4f {
  return act_grad4(pooled_dy4(k), act_sigmoid4(x_k * norm.x + norm.y));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 221184u) { return; }
  let c = (4u * i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  let norm = act_saved[c];
  let valid = 4u * i / 3456u < step.rows;
  let x_i = x[i];
  y[i] = select(vec4f(0.0), v.x * (dy_at4(i, x_i, norm) - v.w - (x_i - v.y) * v.z), valid);
}
