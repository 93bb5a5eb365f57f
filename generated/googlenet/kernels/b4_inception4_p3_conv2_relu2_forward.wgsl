// b4_inception4_p3_conv2_relu2_forward: googlenet, compiled by netc from specs/googlenet.net
// gemm b4_inception4_p3_conv2_relu2_forward: C[64x36] = A[64x800] * B[800x36] (load_a, load_b; 128 batches; C is rows 400.. of 528 per batch; epilogue)
// tile {"strategy":"register","threads":[6,10],"rows":4,"cols":6}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return weight[((batch % 1u) * 64u + row) * 800u + col];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col / 6u) * 1u + ((row % 25u) / 5u) * 1u) - 2;
  let w = i32((col % 6u) * 1u + ((row % 25u) % 5u) * 1u) - 2;
  let inside = (h >= 0) & (h < 6) & (w >= 0) & (w < 6);
  return select(0.0, x[select(0u, (((batch / 1u) * 32u + (batch % 1u) * 32u + row / 25u) * 6u + u32(h)) * 6u + u32(w), inside)], inside);
}
fn act_relu(v: f32) -> f32 {
  return max(v, 0.0);
}
fn gemm_epilogue(value: f32, row: u32, col: u32, batch: u32) -> f32 {
  return act_relu(value + bias[(batch % 1u) * 64u + row]);
}

@compute @workgroup_size(6, 10, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 40u + lid.y * 4u;
  let col0 = tile_col * 36u + lid.x * 6u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0;
  for (var k0 = 0u; k0 < 800u; k0 += 1u) {
    let a_0_0 = load_a(batch, min(row0, 63u), k0);
    let a_1_0 = load_a(batch, min(row0 + 1u, 63u), k0);
    let a_2_0 = load_a(batch, min(row0 + 2u, 63u), k0);
    let a_3_0 = load_a(batch, min(row0 + 3u, 63u), k0);
    let b_0_0 = load_b(batch, k0, col0);
    let b_0_1 = load_b(batch, k0, col0 + 1u);
    let b_0_2 = load_b(batch, k0, col0 + 2u);
    let b_0_3 = load_b(batch, k0, col0 + 3u);
    let b_0_4 = load_b(batch, k0, col0 + 4u);
    let b_0_5 = load_b(batch, k0, col0 + 5u);
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
  }
  if (row0 < 64u) { gemm_c[batch * 19008u + 14400u + row0 * 36u + col0] = gemm_epilogue(acc_0_0, row0, col0, batch); }
  if (row0 < 64u) { gemm_c[batch * 19008u + 14400u + row0 * 36u + col0 + 1u] = gemm_epilogue(acc_0_1, row0, col0 + 1u, batch); }
  if (row0 < 64u) { gemm_c[batch * 19008u + 14400u + row0 * 36u + col0 + 2u] = gemm_epilogue(acc_0_2, row0, col0 + 2u, batch); }
  if (row0 < 64u) { gemm_c[batch * 19008u + 14400u + row0 * 36u + col0 + 3u] = gemm_epilogue(acc_0_3, row0, col0 + 3u, batch); }
  if (row0 < 64u) { gemm_c[batch * 19008u + 14400u + row0 * 36u + col0 + 4u] = gemm_epilogue(acc_0_4, row0, col0 + 4u, batch); }
  if (row0 < 64u) { gemm_c[batch * 19008u + 14400u + row0 * 36u + col0 + 5u] = gemm_epilogue(acc_0_5, row0, col0 + 5u, batch); }
  if (row0 + 1u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 1u) * 36u + col0] = gemm_epilogue(acc_1_0, row0 + 1u, col0, batch); }
  if (row0 + 1u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 1u) * 36u + col0 + 1u] = gemm_epilogue(acc_1_1, row0 + 1u, col0 + 1u, batch); }
  if (row0 + 1u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 1u) * 36u + col0 + 2u] = gemm_epilogue(acc_1_2, row0 + 1u, col0 + 2u, batch); }
  if (row0 + 1u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 1u) * 36u + col0 + 3u] = gemm_epilogue(acc_1_3, row0 + 1u, col0 + 3u, batch); }
  if (row0 + 1u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 1u) * 36u + col0 + 4u] = gemm_epilogue(acc_1_4, row0 + 1u, col0 + 4u, batch); }
  if (row0 + 1u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 1u) * 36u + col0 + 5u] = gemm_epilogue(acc_1_5, row0 + 1u, col0 + 5u, batch); }
  if (row0 + 2u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 2u) * 36u + col0] = gemm_epilogue(acc_2_0, row0 + 2u, col0, batch); }
  if (row0 + 2u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 2u) * 36u + col0 + 1u] = gemm_epilogue(acc_2_1, row0 + 2u, col0 + 1u, batch); }
  if (row0 + 2u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 2u) * 36u + col0 + 2u] = gemm_epilogue(acc_2_2, row0 + 2u, col0 + 2u, batch); }
  if (row0 + 2u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 2u) * 36u + col0 + 3u] = gemm_epilogue(acc_2_3, row0 + 2u, col0 + 3u, batch); }
  if (row0 + 2u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 2u) * 36u + col0 + 4u] = gemm_epilogue(acc_2_4, row0 + 2u, col0 + 4u, batch); }
  if (row0 + 2u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 2u) * 36u + col0 + 5u] = gemm_epilogue(acc_2_5, row0 + 2u, col0 + 5u, batch); }
  if (row0 + 3u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 3u) * 36u + col0] = gemm_epilogue(acc_3_0, row0 + 3u, col0, batch); }
  if (row0 + 3u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 3u) * 36u + col0 + 1u] = gemm_epilogue(acc_3_1, row0 + 3u, col0 + 1u, batch); }
  if (row0 + 3u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 3u) * 36u + col0 + 2u] = gemm_epilogue(acc_3_2, row0 + 3u, col0 + 2u, batch); }
  if (row0 + 3u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 3u) * 36u + col0 + 3u] = gemm_epilogue(acc_3_3, row0 + 3u, col0 + 3u, batch); }
  if (row0 + 3u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 3u) * 36u + col0 + 4u] = gemm_epilogue(acc_3_4, row0 + 3u, col0 + 4u, batch); }
  if (row0 + 3u < 64u) { gemm_c[batch * 19008u + 14400u + (row0 + 3u) * 36u + col0 + 5u] = gemm_epilogue(acc_3_5, row0 + 3u, col0 + 5u, batch); }
}
