// features_sigmoid2_grad_input_grad: lenet, compiled by netc from ../../specs/lenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
fn pooled_dy(k: u32) -> f32 {
  let h = (k / 10u) % 10u;
  let w = k % 10u;
  if (h >= 10u || w >= 10u) { return 0.0; }
  let plane = k / 100u;
  return dy[plane * 25u + (h / 2u) * 5u + w / 2u] / 4.0;
}

fn pooled_dy4(k: u32) -> vec4f {
  return vec4f(pooled_dy(4u * k), pooled_dy(4u * k + 1u), pooled_dy(4u * k + 2u), pooled_dy(4u * k + 3u));
}

fn dy_at4(k: u32) -> vec4f {
  return pooled_dy4(k);
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  y[i] = act_grad4(dy_at4(i), saved[i]);
}
