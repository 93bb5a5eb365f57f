// b4_inception4_concat1_grad_sum1_add: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 2433024u) { return; }
  y[i] = a[i] + b[i];
}
