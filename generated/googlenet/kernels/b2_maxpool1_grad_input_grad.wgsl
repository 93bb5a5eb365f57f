// b2_maxpool1_grad_input_grad: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmax: array<u32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

fn covering_rows(v: i32) -> vec2i {
  let first = v - 1;
  return vec2i(select(0, (first + 1) / 2, first > 0), min((v + 1) / 2 + 1, 12));
}

fn covering_cols(v: i32) -> vec2i {
  let first = v - 1;
  return vec2i(select(0, (first + 1) / 2, first > 0), min((v + 1) / 2 + 1, 12));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 221184u) { return; }
  let col = i32(i % 3u);
  let row = i32((i / 3u) % 3u);
  let plane = i / 9u;
  let top = row * 8;
  let left = col * 8;
  let bottom = min(top + 8, 24);
  let right = min(left + 8, 24);
  let rows = vec2i(covering_rows(top).x, covering_rows(bottom - 1).y);
  let cols = vec2i(covering_cols(left).x, covering_cols(right - 1).y);
  let pooled = plane * 144u;
  var sums: array<f32, 64>;
  for (var oh = rows.x; oh < rows.y; oh++) {
    for (var ow = cols.x; ow < cols.y; ow++) {
      let o = pooled + u32(oh * 12 + ow);
      let k = argmax[o];
      let r = k / 24u - u32(top);
      let c = k % 24u - u32(left);
      if (r < 8u && c < 8u) {
        sums[r * 8u + c] += dy[o];
      }
    }
  }
  let base = plane * 576u;
  for (var h = top; h < bottom; h++) {
    for (var w = left; w < right; w++) {
      y[base + u32(h * 24 + w)] = sums[(h - top) * 8 + w - left];
    }
  }
}
