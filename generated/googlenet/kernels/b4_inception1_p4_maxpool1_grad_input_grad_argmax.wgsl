// b4_inception1_p4_maxpool1_grad_input_grad_argmax: googlenet, compiled by netc from ../../specs/googlenet.net
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> argmax: array<u32>;
fn window_rows(o: i32) -> vec2i {
  let start = o - 1;
  return vec2i(max(start, 0), min(start + 3, 6));
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_rows(o: i32) -> i32 {
  let start = o - 1;
  return min(start + 3, 7) - start;
}

fn covering_rows(v: i32) -> vec2i {
  let first = v - 1;
  return vec2i(select(0, first, first > 0), min(v + 2, 6));
}

fn window_cols(o: i32) -> vec2i {
  let start = o - 1;
  return vec2i(max(start, 0), min(start + 3, 6));
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_cols(o: i32) -> i32 {
  let start = o - 1;
  return min(start + 3, 7) - start;
}

fn covering_cols(v: i32) -> vec2i {
  let first = v - 1;
  return vec2i(select(0, first, first > 0), min(v + 2, 6));
}

fn window_argmax(base: u32, oh: i32, ow: i32) -> u32 {
  let rows = window_rows(oh);
  let cols = window_cols(ow);
  var best = u32(rows.x * 6 + cols.x);
  var top = x[base + best];
  for (var h = rows.x; h < rows.y; h++) {
    for (var w = cols.x; w < cols.y; w++) {
      let k = u32(h * 6 + w);
      if (x[base + k] > top) {
        top = x[base + k];
        best = k;
      }
    }
  }
  return best;
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 2211840u) { return; }
  let col = i32(i % 6u);
  let row = i32((i / 6u) % 6u);
  let plane = i / 36u;
  argmax[i] = window_argmax(plane * 36u, row, col);
}
