// features_conv2_grad_weight_grad_weight_slices: lenet, compiled by netc from ../../specs/lenet.net
// gemm features_conv2_grad_weight_grad_weight_slices: C[16x150] = A[16x256] * B[256x150] (load_a, load_b)
// tile {"strategy":"register","threads":[8,2],"rows":8,"cols":8,"splits":100}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 100u) * 16u + row) * 100u + col % 100u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 100u) / 10u + (col % 25u) / 5u);
  let w = i32((row % 100u) % 10u + (col % 25u) % 5u);
  let inside = (h >= 0) & (h < 14) & (w >= 0) & (w < 14);
  return select(0.0, x[select(0u, (((row / 100u) * 6u + col / 25u) * 14u + u32(h)) * 14u + u32(w), inside)], inside);
}

@compute @workgroup_size(8, 2, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 100u;
  let batch = wid.z / 100u;
  let row0 = tile_row * 16u + lid.y * 8u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0; var acc_6_4 = 0.0; var acc_6_5 = 0.0; var acc_6_6 = 0.0; var acc_6_7 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0; var acc_7_4 = 0.0; var acc_7_5 = 0.0; var acc_7_6 = 0.0; var acc_7_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 1u) {
    let a_0_0 = load_a(batch, row0, k0 + gemm_split * 256u);
    let a_1_0 = load_a(batch, row0 + 1u, k0 + gemm_split * 256u);
    let a_2_0 = load_a(batch, row0 + 2u, k0 + gemm_split * 256u);
    let a_3_0 = load_a(batch, row0 + 3u, k0 + gemm_split * 256u);
    let a_4_0 = load_a(batch, row0 + 4u, k0 + gemm_split * 256u);
    let a_5_0 = load_a(batch, row0 + 5u, k0 + gemm_split * 256u);
    let a_6_0 = load_a(batch, row0 + 6u, k0 + gemm_split * 256u);
    let a_7_0 = load_a(batch, row0 + 7u, k0 + gemm_split * 256u);
    let b_0_0 = load_b(batch, k0 + gemm_split * 256u, min(col0, 149u));
    let b_0_1 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 1u, 149u));
    let b_0_2 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 2u, 149u));
    let b_0_3 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 3u, 149u));
    let b_0_4 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 4u, 149u));
    let b_0_5 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 5u, 149u));
    let b_0_6 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 6u, 149u));
    let b_0_7 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 7u, 149u));
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
    acc_4_0 = fma(a_4_0, b_0_0, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_1, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_2, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_3, acc_4_3);
    acc_4_4 = fma(a_4_0, b_0_4, acc_4_4);
    acc_4_5 = fma(a_4_0, b_0_5, acc_4_5);
    acc_4_6 = fma(a_4_0, b_0_6, acc_4_6);
    acc_4_7 = fma(a_4_0, b_0_7, acc_4_7);
    acc_5_0 = fma(a_5_0, b_0_0, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_1, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_2, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_3, acc_5_3);
    acc_5_4 = fma(a_5_0, b_0_4, acc_5_4);
    acc_5_5 = fma(a_5_0, b_0_5, acc_5_5);
    acc_5_6 = fma(a_5_0, b_0_6, acc_5_6);
    acc_5_7 = fma(a_5_0, b_0_7, acc_5_7);
    acc_6_0 = fma(a_6_0, b_0_0, acc_6_0);
    acc_6_1 = fma(a_6_0, b_0_1, acc_6_1);
    acc_6_2 = fma(a_6_0, b_0_2, acc_6_2);
    acc_6_3 = fma(a_6_0, b_0_3, acc_6_3);
    acc_6_4 = fma(a_6_0, b_0_4, acc_6_4);
    acc_6_5 = fma(a_6_0, b_0_5, acc_6_5);
    acc_6_6 = fma(a_6_0, b_0_6, acc_6_6);
    acc_6_7 = fma(a_6_0, b_0_7, acc_6_7);
    acc_7_0 = fma(a_7_0, b_0_0, acc_7_0);
    acc_7_1 = fma(a_7_0, b_0_1, acc_7_1);
    acc_7_2 = fma(a_7_0, b_0_2, acc_7_2);
    acc_7_3 = fma(a_7_0, b_0_3, acc_7_3);
    acc_7_4 = fma(a_7_0, b_0_4, acc_7_4);
    acc_7_5 = fma(a_7_0, b_0_5, acc_7_5);
    acc_7_6 = fma(a_7_0, b_0_6, acc_7_6);
    acc_7_7 = fma(a_7_0, b_0_7, acc_7_7);
  }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0] = acc_0_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 1u] = acc_0_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 2u] = acc_0_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 3u] = acc_0_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 4u] = acc_0_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 5u] = acc_0_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 6u] = acc_0_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 7u] = acc_0_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0] = acc_1_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 1u] = acc_1_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 2u] = acc_1_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 3u] = acc_1_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 4u] = acc_1_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 5u] = acc_1_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 6u] = acc_1_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 7u] = acc_1_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0] = acc_2_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 1u] = acc_2_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 2u] = acc_2_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 3u] = acc_2_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 4u] = acc_2_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 5u] = acc_2_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 6u] = acc_2_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 7u] = acc_2_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0] = acc_3_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 1u] = acc_3_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 2u] = acc_3_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 3u] = acc_3_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 4u] = acc_3_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 5u] = acc_3_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 6u] = acc_3_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 7u] = acc_3_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0] = acc_4_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 1u] = acc_4_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 2u] = acc_4_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 3u] = acc_4_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 4u] = acc_4_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 5u] = acc_4_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 6u] = acc_4_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 7u] = acc_4_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0] = acc_5_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 1u] = acc_5_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 2u] = acc_5_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 3u] = acc_5_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 4u] = acc_5_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 5u] = acc_5_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 6u] = acc_5_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 7u] = acc_5_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0] = acc_6_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 1u] = acc_6_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 2u] = acc_6_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 3u] = acc_6_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 4u] = acc_6_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 5u] = acc_6_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 6u] = acc_6_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 7u] = acc_6_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0] = acc_7_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 1u] = acc_7_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 2u] = acc_7_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 3u] = acc_7_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 4u] = acc_7_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 5u] = acc_7_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 6u] = acc_7_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 7u] = acc_7_7; }
}
