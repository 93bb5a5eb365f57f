// b4_inception5_p4_conv1_grad_input_grad_input: googlenet, compiled by netc from specs/googlenet.net
// gemm b4_inception5_p4_conv1_grad_input_grad_input: C[528x36] = A[528x128] * B[128x36] (load_a, load_b; 128 batches)
// tile {"strategy":"register","threads":[6,10],"rows":4,"cols":6}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  let o = (batch % 1u) * 128u + col / 1u;
  return weight[(o * 528u + row) * 1u + col % 1u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let tap = row % 1u;
  // The output row and column whose window puts this tap on input position col, times the stride.
  let hs = i32(col / 6u) + 0 - i32((tap / 1u) * 1u);
  let ws = i32(col % 6u) + 0 - i32((tap % 1u) * 1u);
  let oh = hs / 1;
  let ow = ws / 1;
  let inside = (hs >= 0) & (ws >= 0) & (hs % 1 == 0) & (ws % 1 == 0) & (oh < 6) & (ow < 6);
  let o = (batch / 1u) * 128u + (batch % 1u) * 128u + row / 1u;
  return select(0.0, dy[select(0u, (o * 6u + u32(oh)) * 6u + u32(ow), inside)], inside);
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
  for (var k0 = 0u; k0 < 128u; k0 += 1u) {
    let a_0_0 = load_a(batch, min(row0, 527u), k0);
    let a_1_0 = load_a(batch, min(row0 + 1u, 527u), k0);
    let a_2_0 = load_a(batch, min(row0 + 2u, 527u), k0);
    let a_3_0 = load_a(batch, min(row0 + 3u, 527u), k0);
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
  if (row0 < 528u) { gemm_c[batch * 19008u + row0 * 36u + col0] = acc_0_0; }
  if (row0 < 528u) { gemm_c[batch * 19008u + row0 * 36u + col0 + 1u] = acc_0_1; }
  if (row0 < 528u) { gemm_c[batch * 19008u + row0 * 36u + col0 + 2u] = acc_0_2; }
  if (row0 < 528u) { gemm_c[batch * 19008u + row0 * 36u + col0 + 3u] = acc_0_3; }
  if (row0 < 528u) { gemm_c[batch * 19008u + row0 * 36u + col0 + 4u] = acc_0_4; }
  if (row0 < 528u) { gemm_c[batch * 19008u + row0 * 36u + col0 + 5u] = acc_0_5; }
  if (row0 + 1u < 528u) { gemm_c[batch * 19008u + (row0 + 1u) * 36u + col0] = acc_1_0; }
  if (row0 + 1u < 528u) { gemm_c[batch * 19008u + (row0 + 1u) * 36u + col0 + 1u] = acc_1_1; }
  if (row0 + 1u < 528u) { gemm_c[batch * 19008u + (row0 + 1u) * 36u + col0 + 2u] = acc_1_2; }
  if (row0 + 1u < 528u) { gemm_c[batch * 19008u + (row0 + 1u) * 36u + col0 + 3u] = acc_1_3; }
  if (row0 + 1u < 528u) { gemm_c[batch * 19008u + (row0 + 1u) * 36u + col0 + 4u] = acc_1_4; }
  if (row0 + 1u < 528u) { gemm_c[batch * 19008u + (row0 + 1u) * 36u + col0 + 5u] = acc_1_5; }
  if (row0 + 2u < 528u) { gemm_c[batch * 19008u + (row0 + 2u) * 36u + col0] = acc_2_0; }
  if (row0 + 2u < 528u) { gemm_c[batch * 19008u + (row0 + 2u) * 36u + col0 + 1u] = acc_2_1; }
  if (row0 + 2u < 528u) { gemm_c[batch * 19008u + (row0 + 2u) * 36u + col0 + 2u] = acc_2_2; }
  if (row0 + 2u < 528u) { gemm_c[batch * 19008u + (row0 + 2u) * 36u + col0 + 3u] = acc_2_3; }
  if (row0 + 2u < 528u) { gemm_c[batch * 19008u + (row0 + 2u) * 36u + col0 + 4u] = acc_2_4; }
  if (row0 + 2u < 528u) { gemm_c[batch * 19008u + (row0 + 2u) * 36u + col0 + 5u] = acc_2_5; }
  if (row0 + 3u < 528u) { gemm_c[batch * 19008u + (row0 + 3u) * 36u + col0] = acc_3_0; }
  if (row0 + 3u < 528u) { gemm_c[batch * 19008u + (row0 + 3u) * 36u + col0 + 1u] = acc_3_1; }
  if (row0 + 3u < 528u) { gemm_c[batch * 19008u + (row0 + 3u) * 36u + col0 + 2u] = acc_3_2; }
  if (row0 + 3u < 528u) { gemm_c[batch * 19008u + (row0 + 3u) * 36u + col0 + 3u] = acc_3_3; }
  if (row0 + 3u < 528u) { gemm_c[batch * 19008u + (row0 + 3u) * 36u + col0 + 4u] = acc_3_4; }
  if (row0 + 3u < 528u) { gemm_c[batch * 19008u + (row0 + 3u) * 36u + col0 + 5u] = acc_3_5; }
}
