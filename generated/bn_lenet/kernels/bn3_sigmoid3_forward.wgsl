// bn3_sigmoid3_forward: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 30720u) { return; }
  let c = (i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  y[i] = act_sigmoid(x[i] * v.x + v.y);
}
