// features_avgpool1_grad_input_grad: lenet, compiled by netc from specs/lenet.net
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
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

fn window_divisor(oh: i32, ow: i32) -> f32 {
  return f32(padded_rows(oh) * padded_cols(ow));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 1204224u) { return; }
  let col = i32(i % 28u);
  let row = i32((i / 28u) % 28u);
  let plane = i / 784u;
  let rows = covering_rows(row);
  let cols = covering_cols(col);
  var sum = 0.0;
  for (var oh = rows.x; oh < rows.y; oh++) {
    for (var ow = cols.x; ow < cols.y; ow++) {
      sum += dy[plane * 196u + u32(oh * 14 + ow)] / window_divisor(oh, ow);
    }
  }
  y[i] = sum;
}
