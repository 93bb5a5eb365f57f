// b1_maxpool1_grad_input_grad_argmax: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> argmax: array<u32>;

fn window_argmax(base: u32, oh: i32, ow: i32) -> u32 {
  let h_start = oh * 2 - 1;
  let h0 = clamp(h_start, 0, 47);
  let h1 = h_start + 1;
  let h2 = h_start + 2;
  let w_start = ow * 2 - 1;
  let w0 = clamp(w_start, 0, 47);
  let w1 = w_start + 1;
  let w2 = w_start + 2;
  var best = u32(h0 * 48 + w0);
  var top = x[base + best];
  let k1 = u32(h0 * 48 + w1);
  if (x[base + k1] > top) { top = x[base + k1]; best = k1; }
  let k2 = u32(h0 * 48 + w2);
  if (x[base + k2] > top) { top = x[base + k2]; best = k2; }
  let k3 = u32(h1 * 48 + w0);
  if (x[base + k3] > top) { top = x[base + k3]; best = k3; }
  let k4 = u32(h1 * 48 + w1);
  if (x[base + k4] > top) { top = x[base + k4]; best = k4; }
  let k5 = u32(h1 * 48 + w2);
  if (x[base + k5] > top) { top = x[base + k5]; best = k5; }
  let k6 = u32(h2 * 48 + w0);
  if (x[base + k6] > top) { top = x[base + k6]; best = k6; }
  let k7 = u32(h2 * 48 + w1);
  if (x[base + k7] > top) { top = x[base + k7]; best = k7; }
  let k8 = u32(h2 * 48 + w2);
  if (x[base + k8] > top) { top = x[base + k8]; best = k8; }
  return best;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 4718592u) { return; }
  let col = i32(i % 24u);
  let row = i32((i / 24u) % 24u);
  let plane = i / 576u;
  argmax[i] = window_argmax(plane * 2304u, row, col);
}
