// b5_inception2_p3_conv1_relu1_forward_slices: googlenet, compiled by netc from specs/googlenet.net
// gemm b5_inception2_p3_conv1_relu1_forward_slice: C[48x9] = A[48x416] * B[416x9] (load_a, load_b; 128 batches)
// tile {"strategy":"register","threads":[2,12],"rows":4,"cols":5,"splits":2}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return weight[((batch % 1u) * 48u + row) * 832u + col];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col / 3u) * 1u + ((row % 1u) / 1u) * 1u) - 0;
  let w = i32((col % 3u) * 1u + ((row % 1u) % 1u) * 1u) - 0;
  let inside = (h >= 0) & (h < 3) & (w >= 0) & (w < 3);
  return select(0.0, x[select(0u, (((batch / 1u) * 832u + (batch % 1u) * 832u + row / 1u) * 3u + u32(h)) * 3u + u32(w), inside)], inside);
}

@compute @workgroup_size(2, 12, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 2u;
  let batch = wid.z / 2u;
  let row0 = tile_row * 48u + lid.y * 4u;
  let col0 = tile_col * 10u + lid.x * 5u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0;
  for (var k0 = 0u; k0 < 416u; k0 += 1u) {
    let a_0_0 = load_a(batch, row0, k0 + gemm_split * 416u);
    let a_1_0 = load_a(batch, row0 + 1u, k0 + gemm_split * 416u);
    let a_2_0 = load_a(batch, row0 + 2u, k0 + gemm_split * 416u);
    let a_3_0 = load_a(batch, row0 + 3u, k0 + gemm_split * 416u);
    let b_0_0 = load_b(batch, k0 + gemm_split * 416u, min(col0, 8u));
    let b_0_1 = load_b(batch, k0 + gemm_split * 416u, min(col0 + 1u, 8u));
    let b_0_2 = load_b(batch, k0 + gemm_split * 416u, min(col0 + 2u, 8u));
    let b_0_3 = load_b(batch, k0 + gemm_split * 416u, min(col0 + 3u, 8u));
    let b_0_4 = load_b(batch, k0 + gemm_split * 416u, min(col0 + 4u, 8u));
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
  if (col0 < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + row0 * 9u + col0] = acc_0_0; }
  if (col0 + 1u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + row0 * 9u + col0 + 1u] = acc_0_1; }
  if (col0 + 2u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + row0 * 9u + col0 + 2u] = acc_0_2; }
  if (col0 + 3u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + row0 * 9u + col0 + 3u] = acc_0_3; }
  if (col0 + 4u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + row0 * 9u + col0 + 4u] = acc_0_4; }
  if (col0 < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 1u) * 9u + col0] = acc_1_0; }
  if (col0 + 1u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 1u) * 9u + col0 + 1u] = acc_1_1; }
  if (col0 + 2u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 1u) * 9u + col0 + 2u] = acc_1_2; }
  if (col0 + 3u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 1u) * 9u + col0 + 3u] = acc_1_3; }
  if (col0 + 4u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 1u) * 9u + col0 + 4u] = acc_1_4; }
  if (col0 < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 2u) * 9u + col0] = acc_2_0; }
  if (col0 + 1u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 2u) * 9u + col0 + 1u] = acc_2_1; }
  if (col0 + 2u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 2u) * 9u + col0 + 2u] = acc_2_2; }
  if (col0 + 3u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 2u) * 9u + col0 + 3u] = acc_2_3; }
  if (col0 + 4u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 2u) * 9u + col0 + 4u] = acc_2_4; }
  if (col0 < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 3u) * 9u + col0] = acc_3_0; }
  if (col0 + 1u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 3u) * 9u + col0 + 1u] = acc_3_1; }
  if (col0 + 2u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 3u) * 9u + col0 + 2u] = acc_3_2; }
  if (col0 + 3u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 3u) * 9u + col0 + 3u] = acc_3_3; }
  if (col0 + 4u < 9u) { gemm_c[gemm_split * 55296u + batch * 432u + (row0 + 3u) * 9u + col0 + 4u] = acc_3_4; }
}
