// features_maxpool2_grad_input_grad: lenet_relu, compiled by netc from specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmax: array<u32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
fn window_rows(o: i32) -> vec2i {
  let start = o * 2 - 0;
  return vec2i(max(start, 0), min(start + 2, 10));
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_rows(o: i32) -> i32 {
  let start = o * 2 - 0;
  return min(start + 2, 10) - start;
}

fn covering_rows(v: i32) -> vec2i {
  let first = v + -1;
  return vec2i(select(0, (first + 1) / 2, first > 0), min((v + 0) / 2 + 1, 5));
}

fn window_cols(o: i32) -> vec2i {
  let start = o * 2 - 0;
  return vec2i(max(start, 0), min(start + 2, 10));
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_cols(o: i32) -> i32 {
  let start = o * 2 - 0;
  return min(start + 2, 10) - start;
}

fn covering_cols(v: i32) -> vec2i {
  let first = v + -1;
  return vec2i(select(0, (first + 1) / 2, first > 0), min((v + 0) / 2 + 1, 5));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  let col = i32(i % 5u);
  let row = i32((i / 5u) % 5u);
  let plane = i / 25u;
  let top = row * 2;
  let left = col * 2;
  let bottom = min(top + 2, 10);
  let right = min(left + 2, 10);
  let rows = vec2i(covering_rows(top).x, covering_rows(bottom - 1).y);
  let cols = vec2i(covering_cols(left).x, covering_cols(right - 1).y);
  let pooled = plane * 25u;
  var sums: array<f32, 4>;
  for (var oh = rows.x; oh < rows.y; oh++) {
    for (var ow = cols.x; ow < cols.y; ow++) {
      let o = pooled + u32(oh * 5 + ow);
      let k = argmax[o];
      let r = k / 10u - u32(top);
      let c = k % 10u - u32(left);
      if (r < 2u && c < 2u) {
        sums[r * 2u + c] += dy[o];
      }
    }
  }
  let base = plane * 100u;
  for (var h = top; h < bottom; h++) {
    for (var w = left; w < right; w++) {
      y[base + u32(h * 10 + w)] = sums[(h - top) * 2 + w - left];
    }
  }
}
