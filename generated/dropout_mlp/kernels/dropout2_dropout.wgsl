// dropout2_dropout: dropout_mlp, compiled by netc from specs/dropout_mlp.net
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
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> step: Step;
fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(mix32(seed ^ mix32(stream + 0x9e3779b9u)) ^ index);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 65536u) { return; }
  // Keep with probability 1 - p, from 24 random bits of (step, stream, element).
  let keep = f32(random_bits(step.seed, 11u, i) >> 8u) * 5.960464477539063e-8 >= 0.5;
  y[i] = select(0.0, x[i] * 2.0, keep);
}
