// b2_conv1_grad_bias_channel_sum_sums: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 64u;
const AREA: u32 = 576u;
const TOTAL: u32 = 73728u;
const CHUNKS: u32 = 16u;
const VALUES: u32 = 1024u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 36864u + c * AREA + j % AREA;
}

fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = TOTAL;

  var sum = vec4f(0.0);
  let block = chunk * 4608u + (t / 8u) * 576u;
  let end = min(min(block + 576u, (chunk + 1u) * 4608u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    sum.x += dot(dy_at4(k), vec4f(1.0));
  }
  partial[t] = sum;
  workgroupBarrier();
  if (t == 0u) {
    var total = vec4f(0.0);
    for (var i = 0u; i < 64u; i++) {
      total += partial[i];
    }
    scratch[c * CHUNKS + chunk] = total;
  }
}
