// features_maxpool1_grad_input_grad: lenet_relu, compiled by netc from specs/lenet_relu.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmax: array<u32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
fn window_rows(o: i32) -> vec2i {
  let start = o * 2 - 0;
  return vec2i(max(start, 0), min(start + 2, 28));
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_rows(o: i32) -> i32 {
  let start = o * 2 - 0;
  return min(start + 2, 28) - start;
}

fn covering_rows(v: i32) -> vec2i {
  let first = v + -1;
  return vec2i(select(0, (first + 1) / 2, first > 0), min((v + 0) / 2 + 1, 14));
}

fn window_cols(o: i32) -> vec2i {
  let start = o * 2 - 0;
  return vec2i(max(start, 0), min(start + 2, 28));
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_cols(o: i32) -> i32 {
  let start = o * 2 - 0;
  return min(start + 2, 28) - start;
}

fn covering_cols(v: i32) -> vec2i {
  let first = v + -1;
  return vec2i(select(0, (first + 1) / 2, first > 0), min((v + 0) / 2 + 1, 14));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 75264u) { return; }
  let col = i32(i % 7u);
  let row = i32((i / 7u) % 7u);
  let plane = i / 49u;
  let top = row * 4;
  let left = col * 4;
  let bottom = min(top + 4, 28);
  let right = min(left + 4, 28);
  let rows = vec2i(covering_rows(top).x, covering_rows(bottom - 1).y);
  let cols = vec2i(covering_cols(left).x, covering_cols(right - 1).y);
  let pooled = plane * 196u;
  var sums: array<f32, 16>;
  for (var oh = rows.x; oh < rows.y; oh++) {
    for (var ow = cols.x; ow < cols.y; ow++) {
      let o = pooled + u32(oh * 14 + ow);
      let k = argmax[o];
      let r = k / 28u - u32(top);
      let c = k % 28u - u32(left);
      if (r < 4u && c < 4u) {
        sums[r * 4u + c] += dy[o];
      }
    }
  }
  let base = plane * 784u;
  for (var h = top; h < bottom; h++) {
    for (var w = left; w < right; w++) {
      y[base + u32(h * 28 + w)] = sums[(h - top) * 4 + w - left];
    }
  }
}
