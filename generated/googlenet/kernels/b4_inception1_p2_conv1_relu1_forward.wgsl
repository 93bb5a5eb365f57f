// b4_inception1_p2_conv1_relu1_forward: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception1_p2_conv1_relu1_forward: C[96x4608] = A[96x480] * B[480x4608] (A, load_b; epilogue)
// tile {"strategy":"workgroup","threads":[16,8],"rows":8,"cols":4,"depth":16}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 36u) / 6u);
  let w = i32((col % 36u) % 6u);
  let inside = (h >= 0) & (h < 6) & (w >= 0) & (w < 6);
  return select(0.0, x[select(0u, (((col / 36u) * 480u + row) * 6u + u32(h)) * 6u + u32(w), inside)], inside);
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

@compute @workgroup_size(16, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let gemm_thread = lid.y * 16u + lid.x;
  let row0 = tile_row * 64u + lid.y * 8u;
  let col0 = tile_col * 64u + lid.x * 4u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0;
  gemm_tile_a[((gemm_thread) % 4u * 4u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread) / 4u, 95u) * 480u + (gemm_thread) % 4u * 4u) / 4u].x;
  gemm_tile_a[((gemm_thread) % 4u * 4u + 1u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread) / 4u, 95u) * 480u + (gemm_thread) % 4u * 4u) / 4u].y;
  gemm_tile_a[((gemm_thread) % 4u * 4u + 2u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread) / 4u, 95u) * 480u + (gemm_thread) % 4u * 4u) / 4u].z;
  gemm_tile_a[((gemm_thread) % 4u * 4u + 3u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread) / 4u, 95u) * 480u + (gemm_thread) % 4u * 4u) / 4u].w;
  gemm_tile_a[((gemm_thread + 128u) % 4u * 4u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread + 128u) / 4u, 95u) * 480u + (gemm_thread + 128u) % 4u * 4u) / 4u].x;
  gemm_tile_a[((gemm_thread + 128u) % 4u * 4u + 1u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread + 128u) / 4u, 95u) * 480u + (gemm_thread + 128u) % 4u * 4u) / 4u].y;
  gemm_tile_a[((gemm_thread + 128u) % 4u * 4u + 2u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread + 128u) / 4u, 95u) * 480u + (gemm_thread + 128u) % 4u * 4u) / 4u].z;
  gemm_tile_a[((gemm_thread + 128u) % 4u * 4u + 3u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_a[(min(tile_row * 64u + (gemm_thread + 128u) / 4u, 95u) * 480u + (gemm_thread + 128u) % 4u * 4u) / 4u].w;
  gemm_tile_b[((gemm_thread) / 64u) * 16u + ((gemm_thread) % 64u) / 4u][((gemm_thread) % 64u) % 4u] = load_b(batch, (gemm_thread) / 64u, tile_col * 64u + (gemm_thread) % 64u);
  gemm_tile_b[((gemm_thread + 128u) / 64u) * 16u + ((gemm_thread + 128u) % 64u) / 4u][((gemm_thread + 128u) % 64u) % 4u] = load_b(batch, (gemm_thread + 128u) / 64u, tile_col * 64u + (gemm_thread + 128u) % 64u);
  gemm_tile_b[((gemm_thread + 256u) / 64u) * 16u + ((gemm_thread + 256u) % 64u) / 4u][((gemm_thread + 256u) % 64u) % 4u] = load_b(batch, (gemm_thread + 256u) / 64u, tile_col * 64u + (gemm_thread + 256u) % 64u);
  gemm_tile_b[((gemm_thread + 384u) / 64u) * 16u + ((gemm_thread + 384u) % 64u) / 4u][((gemm_thread + 384u) % 64u) % 4u] = load_b(batch, (gemm_thread + 384u) / 64u, tile_col * 64u + (gemm_thread + 384u) % 64u);
  gemm_tile_b[((gemm_thread + 512u) / 64u) * 16u + ((gemm_thread + 512u) % 64u) / 4u][((gemm_thread + 512u) % 64u) % 4u] = load_b(batch, (gemm_thread + 512u) / 64u, tile_col * 64u + (gemm_thread + 512u) % 64u);
  gemm_tile_b[((gemm_thread + 640u) / 64u) * 16u + ((gemm_thread + 640u) % 64u) / 4u][((gemm_thread + 640u) % 64u) % 4u] = load_b(batch, (gemm_thread + 640u) / 64u, tile_col * 64u + (gemm_thread + 640u) % 64u);
  gemm_tile_b[((gemm_thread + 768u) / 64u) * 16u + ((gemm_thread + 768u) % 64u) / 4u][((gemm_thread + 768u) % 64u) % 4u] = load_b(batch, (gemm_thread + 768u) / 64u, tile_col * 64u + (gemm_thread + 768u) % 64u);
  gemm_tile_b[((gemm_thread + 896u) / 64u) * 16u + ((gemm_thread + 896u) % 64u) / 4u][((gemm_thread + 896u) % 64u) % 4u] = load_b(batch, (gemm_thread + 896u) / 64u, tile_col * 64u + (gemm_thread + 896u) % 64u);
  workgroupBarrier();
  var gemm_next_a_0: vec4<f32>;
  var gemm_next_a_1: vec4<f32>;
  var gemm_next_b_0: f32;
  var gemm_next_b_1: f32;
  var gemm_next_b_2: f32;
  var gemm_next_b_3: f32;
  var gemm_next_b_4: f32;
  var gemm_next_b_5: f32;
  var gemm_next_b_6: f32;
  var gemm_next_b_7: f32;
  for (var k0 = 0u; k0 < 480u; k0 += 16u) {
    let gemm_read = (k0 / 16u) % 2u;
    let gemm_next = k0 + 16u < 480u;
    if (gemm_next) {
      gemm_next_a_0 = gemm_a[(min(tile_row * 64u + (gemm_thread) / 4u, 95u) * 480u + k0 + 16u + (gemm_thread) % 4u * 4u) / 4u];
      gemm_next_a_1 = gemm_a[(min(tile_row * 64u + (gemm_thread + 128u) / 4u, 95u) * 480u + k0 + 16u + (gemm_thread + 128u) % 4u * 4u) / 4u];
      gemm_next_b_0 = load_b(batch, k0 + 16u + (gemm_thread) / 64u, tile_col * 64u + (gemm_thread) % 64u);
      gemm_next_b_1 = load_b(batch, k0 + 16u + (gemm_thread + 128u) / 64u, tile_col * 64u + (gemm_thread + 128u) % 64u);
      gemm_next_b_2 = load_b(batch, k0 + 16u + (gemm_thread + 256u) / 64u, tile_col * 64u + (gemm_thread + 256u) % 64u);
      gemm_next_b_3 = load_b(batch, k0 + 16u + (gemm_thread + 384u) / 64u, tile_col * 64u + (gemm_thread + 384u) % 64u);
      gemm_next_b_4 = load_b(batch, k0 + 16u + (gemm_thread + 512u) / 64u, tile_col * 64u + (gemm_thread + 512u) % 64u);
      gemm_next_b_5 = load_b(batch, k0 + 16u + (gemm_thread + 640u) / 64u, tile_col * 64u + (gemm_thread + 640u) % 64u);
      gemm_next_b_6 = load_b(batch, k0 + 16u + (gemm_thread + 768u) / 64u, tile_col * 64u + (gemm_thread + 768u) % 64u);
      gemm_next_b_7 = load_b(batch, k0 + 16u + (gemm_thread + 896u) / 64u, tile_col * 64u + (gemm_thread + 896u) % 64u);
    }
    for (var kk = 0u; kk < 16u; kk++) {
      let a_0 = gemm_tile_a[gemm_read * 256u + kk * 16u + lid.y * 2u];
      let a_1 = gemm_tile_a[gemm_read * 256u + kk * 16u + lid.y * 2u + 1u];
      let b_0 = gemm_tile_b[gemm_read * 256u + kk * 16u + lid.x];
      acc_0_0 = fma(a_0.x, b_0.x, acc_0_0);
      acc_0_1 = fma(a_0.x, b_0.y, acc_0_1);
      acc_0_2 = fma(a_0.x, b_0.z, acc_0_2);
      acc_0_3 = fma(a_0.x, b_0.w, acc_0_3);
      acc_1_0 = fma(a_0.y, b_0.x, acc_1_0);
      acc_1_1 = fma(a_0.y, b_0.y, acc_1_1);
      acc_1_2 = fma(a_0.y, b_0.z, acc_1_2);
      acc_1_3 = fma(a_0.y, b_0.w, acc_1_3);
      acc_2_0 = fma(a_0.z, b_0.x, acc_2_0);
      acc_2_1 = fma(a_0.z, b_0.y, acc_2_1);
      acc_2_2 = fma(a_0.z, b_0.z, acc_2_2);
      acc_2_3 = fma(a_0.z, b_0.w, acc_2_3);
      acc_3_0 = fma(a_0.w, b_0.x, acc_3_0);
      acc_3_1 = fma(a_0.w, b_0.y, acc_3_1);
      acc_3_2 = fma(a_0.w, b_0.z, acc_3_2);
      acc_3_3 = fma(a_0.w, b_0.w, acc_3_3);
      acc_4_0 = fma(a_1.x, b_0.x, acc_4_0);
      acc_4_1 = fma(a_1.x, b_0.y, acc_4_1);
      acc_4_2 = fma(a_1.x, b_0.z, acc_4_2);
      acc_4_3 = fma(a_1.x, b_0.w, acc_4_3);
      acc_5_0 = fma(a_1.y, b_0.x, acc_5_0);
      acc_5_1 = fma(a_1.y, b_0.y, acc_5_1);
      acc_5_2 = fma(a_1.y, b_0.z, acc_5_2);
      acc_5_3 = fma(a_1.y, b_0.w, acc_5_3);
      acc_6_0 = fma(a_1.z, b_0.x, acc_6_0);
      acc_6_1 = fma(a_1.z, b_0.y, acc_6_1);
      acc_6_2 = fma(a_1.z, b_0.z, acc_6_2);
      acc_6_3 = fma(a_1.z, b_0.w, acc_6_3);
      acc_7_0 = fma(a_1.w, b_0.x, acc_7_0);
      acc_7_1 = fma(a_1.w, b_0.y, acc_7_1);
      acc_7_2 = fma(a_1.w, b_0.z, acc_7_2);
      acc_7_3 = fma(a_1.w, b_0.w, acc_7_3);
    }
    if (gemm_next) {
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 4u * 4u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_next_a_0.x;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 4u * 4u + 1u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_next_a_0.y;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 4u * 4u + 2u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_next_a_0.z;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) % 4u * 4u + 3u) * 16u + ((gemm_thread) / 4u) / 4u][((gemm_thread) / 4u) % 4u] = gemm_next_a_0.w;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 128u) % 4u * 4u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_next_a_1.x;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 128u) % 4u * 4u + 1u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_next_a_1.y;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 128u) % 4u * 4u + 2u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_next_a_1.z;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 128u) % 4u * 4u + 3u) * 16u + ((gemm_thread + 128u) / 4u) / 4u][((gemm_thread + 128u) / 4u) % 4u] = gemm_next_a_1.w;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread) / 64u) * 16u + ((gemm_thread) % 64u) / 4u][((gemm_thread) % 64u) % 4u] = gemm_next_b_0;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 128u) / 64u) * 16u + ((gemm_thread + 128u) % 64u) / 4u][((gemm_thread + 128u) % 64u) % 4u] = gemm_next_b_1;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 256u) / 64u) * 16u + ((gemm_thread + 256u) % 64u) / 4u][((gemm_thread + 256u) % 64u) % 4u] = gemm_next_b_2;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 384u) / 64u) * 16u + ((gemm_thread + 384u) % 64u) / 4u][((gemm_thread + 384u) % 64u) % 4u] = gemm_next_b_3;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 512u) / 64u) * 16u + ((gemm_thread + 512u) % 64u) / 4u][((gemm_thread + 512u) % 64u) % 4u] = gemm_next_b_4;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 640u) / 64u) * 16u + ((gemm_thread + 640u) % 64u) / 4u][((gemm_thread + 640u) % 64u) % 4u] = gemm_next_b_5;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 768u) / 64u) * 16u + ((gemm_thread + 768u) % 64u) / 4u][((gemm_thread + 768u) % 64u) % 4u] = gemm_next_b_6;
      gemm_tile_b[(1u - gemm_read) * 256u + ((gemm_thread + 896u) / 64u) * 16u + ((gemm_thread + 896u) % 64u) / 4u][((gemm_thread + 896u) % 64u) % 4u] = gemm_next_b_7;
    }
    workgroupBarrier();
  }
  let feature_0 = gemm_feature(min(row0, 95u), batch);
  if (row0 < 96u) { gemm_c[((col0 / 36u) * 3456u + row0 * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  let feature_1 = gemm_feature(min(row0 + 1u, 95u), batch);
  if (row0 + 1u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 1u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  let feature_2 = gemm_feature(min(row0 + 2u, 95u), batch);
  if (row0 + 2u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 2u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  let feature_3 = gemm_feature(min(row0 + 3u, 95u), batch);
  if (row0 + 3u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 3u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  let feature_4 = gemm_feature(min(row0 + 4u, 95u), batch);
  if (row0 + 4u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 4u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  let feature_5 = gemm_feature(min(row0 + 5u, 95u), batch);
  if (row0 + 5u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 5u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  let feature_6 = gemm_feature(min(row0 + 6u, 95u), batch);
  if (row0 + 6u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 6u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_0, feature_6), gemm_epilogue(acc_6_1, feature_6), gemm_epilogue(acc_6_2, feature_6), gemm_epilogue(acc_6_3, feature_6)); }
  let feature_7 = gemm_feature(min(row0 + 7u, 95u), batch);
  if (row0 + 7u < 96u) { gemm_c[((col0 / 36u) * 3456u + (row0 + 7u) * 36u + col0 % 36u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_0, feature_7), gemm_epilogue(acc_7_1, feature_7), gemm_epilogue(acc_7_2, feature_7), gemm_epilogue(acc_7_3, feature_7)); }
}
