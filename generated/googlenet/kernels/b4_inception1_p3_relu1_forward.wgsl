// b4_inception1_p3_relu1_forward: googlenet, compiled by netc from specs/googlenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 73728u) { return; }
  let v = x[i];
  y[i] = max(v, 0.0);
}
