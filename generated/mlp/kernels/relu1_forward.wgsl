// relu1_forward: mlp, compiled by netc from specs/mlp.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 65536u) { return; }
  let v = x[i];
  y[i] = max(v, 0.0);
}
