// conv1_grad_weight_grad_weight_slices: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
// gemm conv1_grad_weight_grad_weight_slices: C[6x25] = A[6x1152] * B[1152x25] (load_a, load_b)
// tile {"strategy":"splitk","threads":64,"rows":4,"cols":8,"splits":128}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 576u) * 6u + row) * 576u + col % 576u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 576u) / 24u + (col % 25u) / 5u);
  let w = i32((row % 576u) % 24u + (col % 25u) % 5u);
  let inside = (h >= 0) & (h < 28) & (w >= 0) & (w < 28);
  return select(0.0, x[select(0u, ((row / 576u + col / 25u) * 28u + u32(h)) * 28u + u32(w), inside)], inside);
}
var<workgroup> gemm_partial: array<f32, 2048>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 128u;
  let batch = wid.z / 128u;
  let row0 = tile_row * 4u;
  let col0 = tile_col * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 1152u; k0 += 64u) {
    let k = k0 + lid.x;
    let a_0_0 = load_a(batch, min(row0, 5u), k + gemm_split * 1152u);
    let a_1_0 = load_a(batch, min(row0 + 1u, 5u), k + gemm_split * 1152u);
    let a_2_0 = load_a(batch, min(row0 + 2u, 5u), k + gemm_split * 1152u);
    let a_3_0 = load_a(batch, min(row0 + 3u, 5u), k + gemm_split * 1152u);
    let b_0_0 = load_b(batch, k + gemm_split * 1152u, min(col0, 24u));
    let b_0_1 = load_b(batch, k + gemm_split * 1152u, min(col0 + 1u, 24u));
    let b_0_2 = load_b(batch, k + gemm_split * 1152u, min(col0 + 2u, 24u));
    let b_0_3 = load_b(batch, k + gemm_split * 1152u, min(col0 + 3u, 24u));
    let b_0_4 = load_b(batch, k + gemm_split * 1152u, min(col0 + 4u, 24u));
    let b_0_5 = load_b(batch, k + gemm_split * 1152u, min(col0 + 5u, 24u));
    let b_0_6 = load_b(batch, k + gemm_split * 1152u, min(col0 + 6u, 24u));
    let b_0_7 = load_b(batch, k + gemm_split * 1152u, min(col0 + 7u, 24u));
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
  }
  gemm_partial[lid.x * 32u] = acc_0_0; gemm_partial[lid.x * 32u + 1u] = acc_0_1; gemm_partial[lid.x * 32u + 2u] = acc_0_2; gemm_partial[lid.x * 32u + 3u] = acc_0_3; gemm_partial[lid.x * 32u + 4u] = acc_0_4; gemm_partial[lid.x * 32u + 5u] = acc_0_5; gemm_partial[lid.x * 32u + 6u] = acc_0_6; gemm_partial[lid.x * 32u + 7u] = acc_0_7;
  gemm_partial[lid.x * 32u + 8u] = acc_1_0; gemm_partial[lid.x * 32u + 9u] = acc_1_1; gemm_partial[lid.x * 32u + 10u] = acc_1_2; gemm_partial[lid.x * 32u + 11u] = acc_1_3; gemm_partial[lid.x * 32u + 12u] = acc_1_4; gemm_partial[lid.x * 32u + 13u] = acc_1_5; gemm_partial[lid.x * 32u + 14u] = acc_1_6; gemm_partial[lid.x * 32u + 15u] = acc_1_7;
  gemm_partial[lid.x * 32u + 16u] = acc_2_0; gemm_partial[lid.x * 32u + 17u] = acc_2_1; gemm_partial[lid.x * 32u + 18u] = acc_2_2; gemm_partial[lid.x * 32u + 19u] = acc_2_3; gemm_partial[lid.x * 32u + 20u] = acc_2_4; gemm_partial[lid.x * 32u + 21u] = acc_2_5; gemm_partial[lid.x * 32u + 22u] = acc_2_6; gemm_partial[lid.x * 32u + 23u] = acc_2_7;
  gemm_partial[lid.x * 32u + 24u] = acc_3_0; gemm_partial[lid.x * 32u + 25u] = acc_3_1; gemm_partial[lid.x * 32u + 26u] = acc_3_2; gemm_partial[lid.x * 32u + 27u] = acc_3_3; gemm_partial[lid.x * 32u + 28u] = acc_3_4; gemm_partial[lid.x * 32u + 29u] = acc_3_5; gemm_partial[lid.x * 32u + 30u] = acc_3_6; gemm_partial[lid.x * 32u + 31u] = acc_3_7;
  workgroupBarrier();
  for (var o = lid.x; o < 32u; o += 64u) {
    var sum = 0.0;
    for (var t = 0u; t < 64u; t++) { sum += gemm_partial[t * 32u + o]; }
    let row = row0 + o / 8u;
    let col = col0 + o % 8u;
    if (row < 6u && col < 25u) { gemm_c[gemm_split * 150u + row * 25u + col] = sum; }
  }
}
