// b4_inception1_concat1_grad_input3_slice: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 221184u) { return; }
  y[i] = x[(i / 1728u) * 18432u + 14400u + i % 1728u];
}
