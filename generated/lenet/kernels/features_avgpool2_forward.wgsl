// features_avgpool2_forward: lenet, compiled by netc from ../../specs/lenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_rows(o: i32) -> i32 {
  let start = o * 2;
  return min(start + 2, 10) - start;
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_cols(o: i32) -> i32 {
  let start = o * 2;
  return min(start + 2, 10) - start;
}

fn window_divisor(oh: i32, ow: i32) -> f32 {
  return f32(padded_rows(oh) * padded_cols(ow));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  let col = i32(i % 5u);
  let row = i32((i / 5u) % 5u);
  let plane = i / 25u;
  let base = plane * 100u;
  var sum = 0.0;
  let h_start = row * 2;
  let h0 = h_start;
  let h1 = h_start + 1;
  let w_start = col * 2;
  let w0 = w_start;
  let w1 = w_start + 1;
  sum += x[base + u32(h0 * 10 + w0)];
  sum += x[base + u32(h0 * 10 + w1)];
  sum += x[base + u32(h1 * 10 + w0)];
  sum += x[base + u32(h1 * 10 + w1)];
  y[i] = sum / window_divisor(row, col);
}
