// sigmoid1_forward: bn_lenet, compiled by netc from specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 884736u) { return; }
  let v = x[i];
  y[i] = 1.0 / (1.0 + exp(-v));
}
