// b5_inception2_p1_conv1_grad_input_grad_input: googlenet, compiled by netc from specs/googlenet.net
// gemm b5_inception2_p1_conv1_grad_input_grad_input: C[832x9] = A[832x384] * B[384x9] (load_a, load_b; 128 batches)
// tile {"strategy":"register","threads":[2,32],"rows":4,"cols":5}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  let o = (batch % 1u) * 384u + col / 1u;
  return weight[(o * 832u + row) * 1u + col % 1u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let tap = row % 1u;
  // The output row and column whose window puts this tap on input position col, times the stride.
  let hs = i32(col / 3u) + 0 - i32((tap / 1u) * 1u);
  let ws = i32(col % 3u) + 0 - i32((tap % 1u) * 1u);
  let oh = hs / 1;
  let ow = ws / 1;
  let inside = (hs >= 0) & (ws >= 0) & (hs % 1 == 0) & (ws % 1 == 0) & (oh < 3) & (ow < 3);
  let o = (batch / 1u) * 384u + (batch % 1u) * 384u + row / 1u;
  return select(0.0, dy[select(0u, (o * 3u + u32(oh)) * 3u + u32(ow), inside)], inside);
}

@compute @workgroup_size(2, 32, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 128u + lid.y * 4u;
  let col0 = tile_col * 10u + lid.x * 5u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0;
  for (var k0 = 0u; k0 < 384u; k0 += 1u) {
    let a_0_0 = load_a(batch, min(row0, 831u), k0);
    let a_1_0 = load_a(batch, min(row0 + 1u, 831u), k0);
    let a_2_0 = load_a(batch, min(row0 + 2u, 831u), k0);
    let a_3_0 = load_a(batch, min(row0 + 3u, 831u), k0);
    let b_0_0 = load_b(batch, k0, min(col0, 8u));
    let b_0_1 = load_b(batch, k0, min(col0 + 1u, 8u));
    let b_0_2 = load_b(batch, k0, min(col0 + 2u, 8u));
    let b_0_3 = load_b(batch, k0, min(col0 + 3u, 8u));
    let b_0_4 = load_b(batch, k0, min(col0 + 4u, 8u));
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
  }
  if (row0 < 832u && col0 < 9u) { gemm_c[batch * 7488u + row0 * 9u + col0] = acc_0_0; }
  if (row0 < 832u && col0 + 1u < 9u) { gemm_c[batch * 7488u + row0 * 9u + col0 + 1u] = acc_0_1; }
  if (row0 < 832u && col0 + 2u < 9u) { gemm_c[batch * 7488u + row0 * 9u + col0 + 2u] = acc_0_2; }
  if (row0 < 832u && col0 + 3u < 9u) { gemm_c[batch * 7488u + row0 * 9u + col0 + 3u] = acc_0_3; }
  if (row0 < 832u && col0 + 4u < 9u) { gemm_c[batch * 7488u + row0 * 9u + col0 + 4u] = acc_0_4; }
  if (row0 + 1u < 832u && col0 < 9u) { gemm_c[batch * 7488u + (row0 + 1u) * 9u + col0] = acc_1_0; }
  if (row0 + 1u < 832u && col0 + 1u < 9u) { gemm_c[batch * 7488u + (row0 + 1u) * 9u + col0 + 1u] = acc_1_1; }
  if (row0 + 1u < 832u && col0 + 2u < 9u) { gemm_c[batch * 7488u + (row0 + 1u) * 9u + col0 + 2u] = acc_1_2; }
  if (row0 + 1u < 832u && col0 + 3u < 9u) { gemm_c[batch * 7488u + (row0 + 1u) * 9u + col0 + 3u] = acc_1_3; }
  if (row0 + 1u < 832u && col0 + 4u < 9u) { gemm_c[batch * 7488u + (row0 + 1u) * 9u + col0 + 4u] = acc_1_4; }
  if (row0 + 2u < 832u && col0 < 9u) { gemm_c[batch * 7488u + (row0 + 2u) * 9u + col0] = acc_2_0; }
  if (row0 + 2u < 832u && col0 + 1u < 9u) { gemm_c[batch * 7488u + (row0 + 2u) * 9u + col0 + 1u] = acc_2_1; }
  if (row0 + 2u < 832u && col0 + 2u < 9u) { gemm_c[batch * 7488u + (row0 + 2u) * 9u + col0 + 2u] = acc_2_2; }
  if (row0 + 2u < 832u && col0 + 3u < 9u) { gemm_c[batch * 7488u + (row0 + 2u) * 9u + col0 + 3u] = acc_2_3; }
  if (row0 + 2u < 832u && col0 + 4u < 9u) { gemm_c[batch * 7488u + (row0 + 2u) * 9u + col0 + 4u] = acc_2_4; }
  if (row0 + 3u < 832u && col0 < 9u) { gemm_c[batch * 7488u + (row0 + 3u) * 9u + col0] = acc_3_0; }
  if (row0 + 3u < 832u && col0 + 1u < 9u) { gemm_c[batch * 7488u + (row0 + 3u) * 9u + col0 + 1u] = acc_3_1; }
  if (row0 + 3u < 832u && col0 + 2u < 9u) { gemm_c[batch * 7488u + (row0 + 3u) * 9u + col0 + 2u] = acc_3_2; }
  if (row0 + 3u < 832u && col0 + 3u < 9u) { gemm_c[batch * 7488u + (row0 + 3u) * 9u + col0 + 3u] = acc_3_3; }
  if (row0 + 3u < 832u && col0 + 4u < 9u) { gemm_c[batch * 7488u + (row0 + 3u) * 9u + col0 + 4u] = acc_3_4; }
}
