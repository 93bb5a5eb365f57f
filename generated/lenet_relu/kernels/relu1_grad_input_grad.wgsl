// relu1_grad_input_grad: lenet_relu, compiled by netc from ../../specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

fn act_grad(g: f32, s: f32) -> f32 {
  return select(0.0, g, s > 0.0);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 7680u) { return; }
  y[i] = act_grad4(dy_at4(i), saved[i]);
}
