// b5_inception2_p1_relu1_grad_input_grad: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> saved: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
fn dy_at(k: u32) -> f32 {
  return dy[k];
}

fn act_grad(g: f32, s: f32) -> f32 {
  return select(0.0, g, s > 0.0);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 442368u) { return; }
  y[i] = act_grad(dy_at(i), saved[(i / 3456u) * 9216u + i % 3456u]);
}
