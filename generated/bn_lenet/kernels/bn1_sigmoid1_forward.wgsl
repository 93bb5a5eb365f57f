// bn1_sigmoid1_forward: bn_lenet, compiled by netc from specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;

const COUNT: u32 = 147456u;
const THREADS: u32 = 64u;

var<workgroup> partial: array<vec2f, 64>;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / 576u) * 3456u + c * 576u + j % 576u;
}

fn workgroup_sum(t: u32, v: vec2f) -> vec2f {
  partial[t] = v;
  workgroupBarrier();
  var total = vec2f(0.0);
  for (var k = 0u; k < THREADS; k++) {
    total += partial[k];
  }
  // No thread may overwrite its partial sum (next call) before every thread has read them all.
  workgroupBarrier();
  return total;
}

fn batch_statistics(c: u32, t: u32) -> vec2f {
  var sum = 0.0;
  for (var j = t; j < COUNT; j += THREADS) {
    sum += x[channel_element(c, j)];
  }
  let mean = workgroup_sum(t, vec2f(sum, 0.0)).x / f32(COUNT);
  var squares = 0.0;
  for (var j = t; j < COUNT; j += THREADS) {
    let d = x[channel_element(c, j)] - mean;
    squares += d * d;
  }
  return vec2f(mean, workgroup_sum(t, vec2f(squares, 0.0)).x / f32(COUNT));
}


fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let c = wid.x;
  let stats = batch_statistics(c, t);
  let scale = weight[c] / sqrt(stats.y + 0.000009999999747378752);
  let shift = bias[c] - stats.x * scale;
  for (var j = t; j < COUNT; j += THREADS) {
    let k = channel_element(c, j);
    y[k] = act_sigmoid(x[k] * scale + shift);
  }
  if (t == 0u) {
    running_mean[c] = 0.8999999761581421 * running_mean[c] + 0.10000000149011612 * stats.x;
    running_var[c] = 0.8999999761581421 * running_var[c] + 0.10000067949295044 * stats.y;
  }
}
