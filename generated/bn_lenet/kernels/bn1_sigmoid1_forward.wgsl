// bn1_sigmoid1_forward: bn_lenet, compiled by netc from specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 144u;
const VALUES: u32 = 864u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 221184u) { return; }
  let c = (4u * i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  y[i] = act_sigmoid4(x[i] * v.x + v.y);
}
