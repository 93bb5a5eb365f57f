// bn1_sigmoid1_avgpool1_forward: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> pooled: array<vec2f>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

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
  if (i >= 110592u) { return; }
  const ROW: u32 = 6u;
  let k = (i / ROW) * 12u + i % ROW;
  let c = (i / 72u) % CHANNELS;
  let v = scratch[VALUES + c];
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    let e = k + r * ROW;
    let a = act_sigmoid4(x[e] * v.x + v.y);
    window += a;
  }
  pooled[i] = (window.xz + window.yw) / 4.0;
}
