// b3_inception2_p2_conv2_relu2_forward: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception2_p2_conv2_relu2_forward: C[192x18432] = A[192x1152] * B[1152x18432] (A, load_b; C is rows 128.. of 480 per batch; epilogue)
// tile {"strategy":"workgroup","threads":[16,16],"rows":8,"cols":8,"depth":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 144u) / 12u + (row % 9u) / 3u) - 1;
  let w = i32((col % 144u) % 12u + (row % 9u) % 3u) - 1;
  let inside = (h >= 0) & (h < 12) & (w >= 0) & (w < 12);
  return select(0.0, x[select(0u, (((col / 144u) * 128u + row / 9u) * 12u + u32(h)) * 12u + u32(w), inside)], inside);
}
fn act_relu(v: f32) -> f32 {
  return max(v, 0.0);
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_relu(value + at.bias);
}
var<workgroup> gemm_tile_a: array<vec4<f32>, 512>;
var<workgroup> gemm_tile_b: array<vec4<f32>, 512>;

@compute @workgroup_size(16, 16, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let gemm_thread = lid.y * 16u + lid.x;
  let row0 = tile_row * 128u + lid.y * 8u;
  let col0 = tile_col * 128u + lid.x * 4u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0; var acc_6_4 = 0.0; var acc_6_5 = 0.0; var acc_6_6 = 0.0; var acc_6_7 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0; var acc_7_4 = 0.0; var acc_7_5 = 0.0; var acc_7_6 = 0.0; var acc_7_7 = 0.0;
  gemm_tile_a[((gemm_thread) % 2u * 4u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_a[(min(tile_row * 128u + (gemm_thread) / 2u, 191u) * 1152u + (gemm_thread) % 2u * 4u) / 4u].x;
  gemm_tile_a[((gemm_thread) % 2u * 4u + 1u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_a[(min(tile_row * 128u + (gemm_thread) / 2u, 191u) * 1152u + (gemm_thread) % 2u * 4u) / 4u].y;
  gemm_tile_a[((gemm_thread) % 2u * 4u + 2u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_a[(min(tile_row * 128u + (gemm_thread) / 2u, 191u) * 1152u + (gemm_thread) % 2u * 4u) / 4u].z;
  gemm_tile_a[((gemm_thread) % 2u * 4u + 3u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_a[(min(tile_row * 128u + (gemm_thread) / 2u, 191u) * 1152u + (gemm_thread) % 2u * 4u) / 4u].w;
  gemm_tile_b[((gemm_thread) / 128u) * 32u + ((gemm_thread) % 128u) / 4u][((gemm_thread) % 128u) % 4u] = load_b(batch, (gemm_thread) / 128u, tile_col * 128u + (gemm_thread) % 128u);
  gemm_tile_b[((gemm_thread + 256u) / 128u) * 32u + ((gemm_thread + 256u) % 128u) / 4u][((gemm_thread + 256u) % 128u) % 4u] = load_b(batch, (gemm_thread + 256u) / 128u, tile_col * 128u + (gemm_thread + 256u) % 128u);
  gemm_tile_b[((gemm_thread + 512u) / 128u) * 32u + ((gemm_thread + 512u) % 128u) / 4u][((gemm_thread + 512u) % 128u) % 4u] = load_b(batch, (gemm_thread + 512u) / 128u, tile_col * 128u + (gemm_thread + 512u) % 128u);
  gemm_tile_b[((gemm_thread + 768u) / 128u) * 32u + ((gemm_thread + 768u) % 128u) / 4u][((gemm_thread + 768u) % 128u) % 4u] = load_b(batch, (gemm_thread + 768u) / 128u, tile_col * 128u + (gemm_thread + 768u) % 128u);
  workgroupBarrier();
  var gemm_next_a_0: vec4<f32>;
  var gemm_next_b_0: f32;
  var gemm_next_b_1: f32;
  var gemm_next_b_2: f32;
  var gemm_next_b_3: f32;
  for (var k0 = 0u; k0 < 1152u; k0 += 8u) {
    let gemm_read = (k0 / 8u) % 2u;
    let gemm_next = k0 + 8u < 1152u;
    if (gemm_next) {
      gemm_next_a_0 = gemm_a[(min(tile_row * 128u + (gemm_thread) / 2u, 191u) * 1152u + k0 + 8u + (gemm_thread) % 2u * 4u) / 4u];
      gemm_next_b_0 = load_b(batch, k0 + 8u + (gemm_thread) / 128u, tile_col * 128u + (gemm_thread) % 128u);
      gemm_next_b_1 = load_b(batch, k0 + 8u + (gemm_thread + 256u) / 128u, tile_col * 128u + (gemm_thread + 256u) % 128u);
      gemm_next_b_2 = load_b(batch, k0 + 8u + (gemm_thread + 512u) / 128u, tile_col * 128u + (gemm_thread + 512u) % 128u);
      gemm_next_b_3 = load_b(batch, k0 + 8u + (gemm_thread + 768u) / 128u, tile_col * 128u + (gemm_thread + 768u) % 128u);
    }
    for (var kk = 0u; kk < 8u; kk++) {
      let a_0 = gemm_tile_a[gemm_read * 256u + kk * 32u + lid.y * 2u];
      let a_1 = gemm_tile_a[gemm_read * 256u + kk * 32u + lid.y * 2u + 1u];
      let b_0 = gemm_tile_b[gemm_read * 256u + kk * 32u + lid.x];
      let b_1 = gemm_tile_b[gemm_read * 256u + kk * 32u + lid.x + 16u];
      acc_0_0 = fma(a_0.x, b_0.x, acc_0_0);
      acc_0_1 = fma(a_0.x, b_0.y, acc_0_1);
      acc_0_2 = fma(a_0.x, b_0.z, acc_0_2);
      acc_0_3 = fma(a_0.x, b_0.w, acc_0_3);
      acc_0_4 = fma(a_0.x, b_1.x, acc_0_4);
      acc_0_5 = fma(a_0.x, b_1.y, acc_0_5);
      acc_0_6 = fma(a_0.x, b_1.z, acc_0_6);
      acc_0_7 = fma(a_0.x, b_1.w, acc_0_7);
      acc_1_0 = fma(a_0.y, b_0.x, acc_1_0);
      acc_1_1 = fma(a_0.y, b_0.y, acc_1_1);
      acc_1_2 = fma(a_0.y, b_0.z, acc_1_2);
      acc_1_3 = fma(a_0.y, b_0.w, acc_1_3);
      acc_1_4 = fma(a_0.y, b_1.x, acc_1_4);
      acc_1_5 = fma(a_0.y, b_1.y, acc_1_5);
      acc_1_6 = fma(a_0.y, b_1.z, acc_1_6);
      acc_1_7 = fma(a_0.y, b_1.w, acc_1_7);
      acc_2_0 = fma(a_0.z, b_0.x, acc_2_0);
      acc_2_1 = fma(a_0.z, b_0.y, acc_2_1);
      acc_2_2 = fma(a_0.z, b_0.z, acc_2_2);
      acc_2_3 = fma(a_0.z, b_0.w, acc_2_3);
      acc_2_4 = fma(a_0.z, b_1.x, acc_2_4);
      acc_2_5 = fma(a_0.z, b_1.y, acc_2_5);
      acc_2_6 = fma(a_0.z, b_1.z, acc_2_6);
      acc_2_7 = fma(a_0.z, b_1.w, acc_2_7);
      acc_3_0 = fma(a_0.w, b_0.x, acc_3_0);
      acc_3_1 = fma(a_0.w, b_0.y, acc_3_1);
      acc_3_2 = fma(a_0.w, b_0.z, acc_3_2);
      acc_3_3 = fma(a_0.w, b_0.w, acc_3_3);
      acc_3_4 = fma(a_0.w, b_1.x, acc_3_4);
      acc_3_5 = fma(a_0.w, b_1.y, acc_3_5);
      acc_3_6 = fma(a_0.w, b_1.z, acc_3_6);
      acc_3_7 = fma(a_0.w, b_1.w, acc_3_7);
      acc_4_0 = fma(a_1.x, b_0.x, acc_4_0);
      acc_4_1 = fma(a_1.x, b_0.y, acc_4_1);
      acc_4_2 = fma(a_1.x, b_0.z, acc_4_2);
      acc_4_3 = fma(a_1.x, b_0.w, acc_4_3);
      acc_4_4 = fma(a_1.x, b_1.x, acc_4_4);
      acc_4_5 = fma(a_1.x, b_1.y, acc_4_5);
      acc_4_6 = fma(a_1.x, b_1.z, acc_4_6);
      acc_4_7 = fma(a_1.x, b_1.w, acc_4_7);
      acc_5_0 = fma(a_1.y, b_0.x, acc_5_0);
      acc_5_1 = fma(a_1.y, b_0.y, acc_5_1);
      acc_5_2 = fma(a_1.y, b_0.z, acc_5_2);
      acc_5_3 = fma(a_1.y, b_0.w, acc_5_3);
      acc_5_4 = fma(a_1.y, b_1.x, acc_5_4);
      acc_5_5 = fma(a_1.y, b_1.y, acc_5_5);
      acc_5_6 = fma(a_1.y, b_1.z, acc_5_6);
      acc_5_7 = fma(a_1.y, b_1.w, acc_5_7);
      acc_6_0 = fma(a_1.z, b_0.x, acc_6_0);
      acc_6_1 = fma(a_1.z, b_0.y, acc_6_1);
      acc_6_2 = fma(a_1.z, b_0.z, acc_6_2);
      acc_6_3 = fma(a_1.z, b_0.w, acc_6_3);
      acc_6_4 = fma(a_1.z, b_1.x, acc_6_4);
      acc_6_5 = fma(a_1.z, b_1.y, acc_6_5);
      acc_6_6 = fma(a_1.z, b_1.z, acc_6_6);
      acc_6_7 = fma(a_1.z, b_1.w, acc_6_7);
      acc_7_0 = fma(a_1.w, b_0.x, acc_7_0);
      acc_7_1 = fma(a_1.w, b_0.y, acc_7_1);
      acc_7_2 = fma(a_1.w, b_0.z, acc_7_2);
      acc_7_3 = fma(a_1.w, b_0.w, acc_7_3);
      acc_7_4 = fma(a_1.w, b_1.x, acc_7_4);
      acc_7_5 = fma(a_1.w, b_1.y, acc_7_5);
      acc_7_6 = fma(a_1.w, b_1.z, acc_7_6);
      acc_7_7 = fma(a_1.w, b_1.w, acc_7_7);
    }
    if (gemm_next) {
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 2u * 4u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_next_a_0.x;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 2u * 4u + 1u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_next_a_0.y;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 2u * 4u + 2u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_next_a_0.z;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 2u * 4u + 3u) * 32u + ((gemm_thread) / 2u) / 4u][((gemm_thread) / 2u) % 4u] = gemm_next_a_0.w;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread) / 128u) * 32u + ((gemm_thread) % 128u) / 4u][((gemm_thread) % 128u) % 4u] = gemm_next_b_0;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 256u) / 128u) * 32u + ((gemm_thread + 256u) % 128u) / 4u][((gemm_thread + 256u) % 128u) % 4u] = gemm_next_b_1;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 512u) / 128u) * 32u + ((gemm_thread + 512u) % 128u) / 4u][((gemm_thread + 512u) % 128u) % 4u] = gemm_next_b_2;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 768u) / 128u) * 32u + ((gemm_thread + 768u) % 128u) / 4u][((gemm_thread + 768u) % 128u) % 4u] = gemm_next_b_3;
    }
    workgroupBarrier();
  }
  let feature_0 = gemm_feature(min(row0, 191u), batch);
  if (row0 < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + row0 * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  if (row0 < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + row0 * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  let feature_1 = gemm_feature(min(row0 + 1u, 191u), batch);
  if (row0 + 1u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 1u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  if (row0 + 1u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 1u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  let feature_2 = gemm_feature(min(row0 + 2u, 191u), batch);
  if (row0 + 2u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 2u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  if (row0 + 2u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 2u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  let feature_3 = gemm_feature(min(row0 + 3u, 191u), batch);
  if (row0 + 3u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 3u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  if (row0 + 3u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 3u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  let feature_4 = gemm_feature(min(row0 + 4u, 191u), batch);
  if (row0 + 4u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 4u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  if (row0 + 4u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 4u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  let feature_5 = gemm_feature(min(row0 + 5u, 191u), batch);
  if (row0 + 5u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 5u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  if (row0 + 5u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 5u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  let feature_6 = gemm_feature(min(row0 + 6u, 191u), batch);
  if (row0 + 6u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 6u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_0, feature_6), gemm_epilogue(acc_6_1, feature_6), gemm_epilogue(acc_6_2, feature_6), gemm_epilogue(acc_6_3, feature_6)); }
  if (row0 + 6u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 6u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_4, feature_6), gemm_epilogue(acc_6_5, feature_6), gemm_epilogue(acc_6_6, feature_6), gemm_epilogue(acc_6_7, feature_6)); }
  let feature_7 = gemm_feature(min(row0 + 7u, 191u), batch);
  if (row0 + 7u < 192u) { gemm_c[((col0 / 144u) * 69120u + 18432u + (row0 + 7u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_0, feature_7), gemm_epilogue(acc_7_1, feature_7), gemm_epilogue(acc_7_2, feature_7), gemm_epilogue(acc_7_3, feature_7)); }
  if (row0 + 7u < 192u) { gemm_c[(((col0 + 64u) / 144u) * 69120u + 18432u + (row0 + 7u) * 144u + (col0 + 64u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_4, feature_7), gemm_epilogue(acc_7_5, feature_7), gemm_epilogue(acc_7_6, feature_7), gemm_epilogue(acc_7_7, feature_7)); }
}
