// b5_inception1_p1_conv1_grad_bias_channel_sum_sums: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 256u;
const AREA: u32 = 9u;
const TOTAL: u32 = 1152u;
const CHUNKS: u32 = 2u;
const VALUES: u32 = 512u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 2304u + c * AREA + j % AREA;
}

fn dy_at(k: u32) -> f32 {
  return dy[k];
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = TOTAL;

  var sum = vec4f(0.0);
  let block = chunk * 576u + (t / 8u) * 72u;
  let end = min(min(block + 72u, (chunk + 1u) * 576u), count);
  for (var j = block + (t % 8u); j < end; j += 8u) {
    let k = channel_element(c, j);
    sum.x += dy_at(k);
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
