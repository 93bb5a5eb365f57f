// bn4_sigmoid4_forward_sums: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
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
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y * 64u + t;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u)];
  var sum = vec4f(0.0);
  let end = min((chunk + 1u) * 256u, count);
  for (var j = chunk * 256u; j < end; j++) {
    let k = channel_element(c, j);
    let d = x[k] - shift;
    sum += vec4f(d, d * d, 0.0, 0.0);
  }
  scratch[c * CHUNKS + chunk] = sum;
}
