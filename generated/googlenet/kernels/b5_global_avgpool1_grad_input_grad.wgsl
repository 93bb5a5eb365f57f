// b5_global_avgpool1_grad_input_grad: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 1179648u) { return; }
  y[i] = dy[i / 9u] / 9.0;
}
