// bn2_sigmoid2_avgpool2_forward_sums: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
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
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u) / 4u].x;
  var sum = vec4f(0.0);
  let block = chunk * 4096u + (t / 8u) * 512u;
  let end = min(min(block + 512u, (chunk + 1u) * 4096u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    let d = x[k] - shift;
    sum += vec4f(dot(d, vec4f(1.0)), dot(d, d), 0.0, 0.0);
  }
  partial[t] = sum;
  workgroupBarrier();
  if (t == 0u) {
    var total = vec4f(0.0);
    for (var i = 0u; i < 64u; i++) {
      total += partial[i];
    }
    scratch[c * CHUNKS + chunk] = total;
  }
}
