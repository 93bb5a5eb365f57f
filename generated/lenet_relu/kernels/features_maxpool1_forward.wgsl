// features_maxpool1_forward: lenet_relu, compiled by netc from ../../specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec2f>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 150528u) { return; }
  let k = (i / 7u) * 14u + i % 7u;
  let r0 = x[k];
  let r1 = x[k + 7u];
  var m0 = r0.x;
  if (r0.y > m0) { m0 = r0.y; }
  if (r1.x > m0) { m0 = r1.x; }
  if (r1.y > m0) { m0 = r1.y; }
  var m1 = r0.z;
  if (r0.w > m1) { m1 = r0.w; }
  if (r1.z > m1) { m1 = r1.z; }
  if (r1.w > m1) { m1 = r1.w; }
  y[i] = vec2f(m0, m1);
}
