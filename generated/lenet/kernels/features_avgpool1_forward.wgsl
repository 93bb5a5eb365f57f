// features_avgpool1_forward: lenet, compiled by netc from ../../specs/lenet.net
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec2f>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 150528u) { return; }
  // The 2 rows of one vec4 under this item's windows.
  let k = (i / 7u) * 14u + i % 7u;
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    window += x[k + r * 7u];
  }
  y[i] = (window.xz + window.yw) / 4.0;
}
