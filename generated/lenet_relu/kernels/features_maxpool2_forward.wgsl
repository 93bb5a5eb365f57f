// features_maxpool2_forward: lenet_relu, compiled by netc from ../../specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> x: array<vec2f>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  let k = (i / 5u) * 10u + i % 5u;
  let r0 = x[k];
  let r1 = x[k + 5u];
  var m0 = r0.x;
  if (r0.y > m0) { m0 = r0.y; }
  if (r1.x > m0) { m0 = r1.x; }
  if (r1.y > m0) { m0 = r1.y; }
  y[i] = m0;
}
