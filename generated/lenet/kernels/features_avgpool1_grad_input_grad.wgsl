// features_avgpool1_grad_input_grad: lenet, compiled by netc from specs/lenet.net
@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 28u) % 28u;
  let w = 4u * k % 28u;
  let row = 4u * k / 784u * 196u + (h / 2u) * 14u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 301056u) { return; }
  y[i] = pooled_dy4(i);
}
