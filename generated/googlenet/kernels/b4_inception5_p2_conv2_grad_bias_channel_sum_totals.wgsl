// b4_inception5_p2_conv2_grad_bias_channel_sum_totals: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 320u;
const AREA: u32 = 36u;
const TOTAL: u32 = 4608u;
const CHUNKS: u32 = 2u;
const VALUES: u32 = 640u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 11520u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = TOTAL;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  y[c] = sums.x;
}
