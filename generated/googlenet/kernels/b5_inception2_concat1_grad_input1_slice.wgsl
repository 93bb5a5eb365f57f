// b5_inception2_concat1_grad_input1_slice: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 442368u) { return; }
  y[i] = x[(i / 3456u) * 9216u + i % 3456u];
}
