// b4_inception4_p4_maxpool1_grad_input_grad: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmax: array<u32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

fn covering_rows(v: i32) -> vec2i {
  let first = v - 1;
  return vec2i(select(0, first, first > 0), min(v + 2, 6));
}

fn covering_cols(v: i32) -> vec2i {
  let first = v - 1;
  return vec2i(select(0, first, first > 0), min(v + 2, 6));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 65536u) { return; }
  let col = i32(0u);
  let row = i32(0u);
  let plane = i;
  let top = row * 6;
  let left = col * 6;
  let bottom = min(top + 6, 6);
  let right = min(left + 6, 6);
  let rows = vec2i(covering_rows(top).x, covering_rows(bottom - 1).y);
  let cols = vec2i(covering_cols(left).x, covering_cols(right - 1).y);
  let pooled = plane * 36u;
  var sums: array<f32, 36>;
  for (var oh = rows.x; oh < rows.y; oh++) {
    for (var ow = cols.x; ow < cols.y; ow++) {
      let o = pooled + u32(oh * 6 + ow);
      let k = argmax[o];
      let r = k / 6u - u32(top);
      let c = k % 6u - u32(left);
      if (r < 6u && c < 6u) {
        sums[r * 6u + c] += dy[o];
      }
    }
  }
  let base = plane * 36u;
  for (var h = top; h < bottom; h++) {
    for (var w = left; w < right; w++) {
      y[base + u32(h * 6 + w)] = sums[(h - top) * 6 + w - left];
    }
  }
}
