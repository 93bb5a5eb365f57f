// features_maxpool1_grad_input_grad: lenet_relu, compiled by netc from ../../specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> x: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;

fn act_grad(g: f32, s: f32) -> f32 {
  return select(0.0, g, s > 0.0);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 150528u) { return; }
  let k = (i / 7u) * 14u + i % 7u;
  let r0 = x[k];
  let r1 = x[k + 7u];
  var m0 = r0.x;
  var at0 = 0u;
  if (r0.y > m0) { m0 = r0.y; at0 = 1u; }
  if (r1.x > m0) { m0 = r1.x; at0 = 2u; }
  if (r1.y > m0) { m0 = r1.y; at0 = 3u; }
  var m1 = r0.z;
  var at1 = 0u;
  if (r0.w > m1) { m1 = r0.w; at1 = 1u; }
  if (r1.z > m1) { m1 = r1.z; at1 = 2u; }
  if (r1.w > m1) { m1 = r1.w; at1 = 3u; }
  let g = dy[i];
  y[k] = vec4f(select(0.0, act_grad(g.x, r0.x), at0 == 0u), select(0.0, act_grad(g.x, r0.y), at0 == 1u), select(0.0, act_grad(g.y, r0.z), at1 == 0u), select(0.0, act_grad(g.y, r0.w), at1 == 1u));
  y[k + 7u] = vec4f(select(0.0, act_grad(g.x, r1.x), at0 == 2u), select(0.0, act_grad(g.x, r1.y), at0 == 3u), select(0.0, act_grad(g.y, r1.z), at1 == 2u), select(0.0, act_grad(g.y, r1.w), at1 == 3u));
}
