// dropout2_dropout: dropout_mlp, compiled by netc from ../../specs/dropout_mlp.net
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

@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;
fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// The part of random_bits shared by every index of one step's stream.
fn stream_key(seed: u32, stream: u32) -> u32 {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(stream_key(seed, stream) ^ index);
}

// mix32 of four values at once.
fn mix32x4(v: vec4u) -> vec4u {
  var x = v;
  x = (x ^ (x >> vec4u(16u))) * 0x7feb352du;
  x = (x ^ (x >> vec4u(15u))) * 0x846ca68bu;
  return x ^ (x >> vec4u(16u));
}

// random_bits of indices first to first + 3, the stream's key hashed once.
fn random_bits4(seed: u32, stream: u32, first: u32) -> vec4u {
  return mix32x4(vec4u(stream_key(seed, stream)) ^ (vec4u(first) + vec4u(0u, 1u, 2u, 3u)));
}

fn dropped(v: f32, i: u32) -> f32 {
  let keep = f32(random_bits(step.seed, 11u, i) >> 8u) * 5.960464477539063e-8 >= 0.5;
  return select(0.0, v * 2.0, keep);
}

fn dropped4(v: vec4f, k: u32) -> vec4f {
  let keep = vec4f(random_bits4(step.seed, 11u, 4u * k) >> vec4u(8u)) * 5.960464477539063e-8 >= vec4f(0.5);
  return select(vec4f(0.0), v * 2.0, keep);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 16384u) { return; }
  y[i] = dropped4(x[i], i);
}
