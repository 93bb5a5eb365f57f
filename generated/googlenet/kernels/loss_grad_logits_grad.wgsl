// loss_grad_logits_grad: googlenet, compiled by netc from ../../specs/googlenet.net
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

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = gid.x;
  if (row >= 128u) { return; }
  let base = row * 10u;
  if (row >= step.rows) {
    for (var c = 0u; c < 10u; c++) { grad[base + c] = 0.0; }
    return;
  }
  var top = logits[base];
  for (var c = 1u; c < 10u; c++) { top = max(top, logits[base + c]); }
  var sum = 0.0;
  for (var c = 0u; c < 10u; c++) { sum += exp(logits[base + c] - top); }
  let scale = 1.0 / (sum * f32(step.rows));
  let label = labels[row];
  for (var c = 0u; c < 10u; c++) {
    grad[base + c] = exp(logits[base + c] - top) * scale - select(0.0, 1.0 / f32(step.rows), c == label);
  }
}
