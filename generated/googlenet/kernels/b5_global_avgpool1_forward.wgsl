// b5_global_avgpool1_forward: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 131072u) { return; }
  var sum = 0.0;
  for (var k = 0u; k < 9u; k++) {
    sum += x[i * 9u + k];
  }
  y[i] = sum / 9.0;
}
