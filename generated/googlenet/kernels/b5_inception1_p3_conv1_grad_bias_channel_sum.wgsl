// b5_inception1_p3_conv1_grad_bias_channel_sum: googlenet, compiled by netc from specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

const COUNT: u32 = 1152u;
const THREADS: u32 = 64u;

var<workgroup> partial: array<vec2f, 64>;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / 9u) * 288u + c * 9u + j % 9u;
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
fn dy_at(k: u32) -> f32 {
  return dy[k];
}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let c = wid.x;
  var sum = 0.0;
  for (var j = t; j < COUNT; j += THREADS) {
    sum += dy_at(channel_element(c, j));
  }
  let total = workgroup_sum(t, vec2f(sum, 0.0));
  if (t == 0u) {
    y[c] = total.x;
  }
}
