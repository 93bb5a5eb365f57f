// features_maxpool2_grad_input_grad: lenet_relu, compiled by netc from ../../specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<vec2f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec2f>;

fn act_grad(g: f32, s: f32) -> f32 {
  return select(0.0, g, s > 0.0);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  let k = (i / 5u) * 10u + i % 5u;
  let r0 = x[k];
  let r1 = x[k + 5u];
  var m0 = r0.x;
  var at0 = 0u;
  if (r0.y > m0) { m0 = r0.y; at0 = 1u; }
  if (r1.x > m0) { m0 = r1.x; at0 = 2u; }
  if (r1.y > m0) { m0 = r1.y; at0 = 3u; }
  let g = dy[i];
  y[k] = vec2f(select(0.0, act_grad(g, r0.x), at0 == 0u), select(0.0, act_grad(g, r0.y), at0 == 1u));
  y[k + 5u] = vec2f(select(0.0, act_grad(g, r1.x), at0 == 2u), select(0.0, act_grad(g, r1.y), at0 == 3u));
}
