// loss_loss: linear_regression, compiled by netc from ../../specs/linear_regression.net
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

@group(0) @binding(0) var<storage, read> prediction: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<f32>;
@group(0) @binding(2) var<storage, read_write> loss: array<f32>;
@group(0) @binding(3) var<storage, read_write> metrics: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

var<workgroup> loss_part: array<f32, 256>;
var<workgroup> hit_part: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) t: u32) {
  var loss_sum = 0.0;
  var hits = 0.0;
  for (var row = t; row < step.rows; row += 256u) {
    var row_sum = 0.0;
    for (var c = 0u; c < 1u; c++) {
      let d = prediction[row + c] - targets[row + c];
      row_sum += d * d;
    }
    loss_sum += row_sum / 1.0;
  }
  loss_part[t] = loss_sum;
  hit_part[t] = hits;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half >>= 1u) {
    if (t < half) {
      loss_part[t] += loss_part[t + half];
      hit_part[t] += hit_part[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    loss[0] = loss_part[0] / f32(step.rows);
    let slot = step.slot * 4u;
    metrics[slot] += loss_part[0];
    metrics[slot + 1u] += hit_part[0];
    metrics[slot + 2u] += f32(step.rows);
  }
}
