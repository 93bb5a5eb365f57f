// b4_inception5_p3_conv1_weight_to_b4_inception5_p3_conv2_bias_sgd: googlenet, compiled by netc from ../../specs/googlenet.net
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

@group(0) @binding(0) var<storage, read_write> param0: array<vec4f>;
@group(0) @binding(1) var<storage, read> grad0: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> param1: array<vec4f>;
@group(0) @binding(3) var<storage, read> grad1: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> param2: array<vec4f>;
@group(0) @binding(5) var<storage, read> grad2: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> param3: array<vec4f>;
@group(0) @binding(7) var<storage, read> grad3: array<vec4f>;
@group(0) @binding(8) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 29864u) { return; }
  if (i < 4224u) {
    // b4.inception5.p3.conv1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 4232u) {
    // b4.inception5.p3.conv1.bias
    let k = i - 4224u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 29832u) {
    // b4.inception5.p3.conv2.weight
    let k = i - 4232u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // b4.inception5.p3.conv2.bias
    let k = i - 29832u;
    param3[k] = param3[k] - step.lr * (grad3[k]);
  }
}
