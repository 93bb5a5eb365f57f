// b4_inception4_p1_conv1_grad_weight_grad_weight_slices: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b4_inception4_p1_conv1_grad_weight_grad_weight_slices: C[112x512] = A[112x256] * B[256x512] (load_a, load_b)
// tile {"strategy":"workgroup","threads":[16,8],"rows":8,"cols":4,"depth":16,"splits":18}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 36u) * 112u + row) * 36u + col % 36u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 36u) / 6u);
  let w = i32((row % 36u) % 6u);
  let inside = (h >= 0) & (h < 6) & (w >= 0) & (w < 6);
  return select(0.0, x[select(0u, (((row / 36u) * 512u + col) * 6u + u32(h)) * 6u + u32(w), inside)], inside);
}
var<workgroup> gemm_tile_a: array<vec4<f32>, 512>;
var<workgroup> gemm_tile_b: array<vec4<f32>, 512>;

@compute @workgroup_size(16, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 18u;
  let batch = wid.z / 18u;
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
  gemm_tile_a[((gemm_thread) / 64u) * 16u + ((gemm_thread) % 64u) / 4u][((gemm_thread) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread) % 64u, 111u), (gemm_thread) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 128u) / 64u) * 16u + ((gemm_thread + 128u) % 64u) / 4u][((gemm_thread + 128u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 128u) % 64u, 111u), (gemm_thread + 128u) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 256u) / 64u) * 16u + ((gemm_thread + 256u) % 64u) / 4u][((gemm_thread + 256u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 256u) % 64u, 111u), (gemm_thread + 256u) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 384u) / 64u) * 16u + ((gemm_thread + 384u) % 64u) / 4u][((gemm_thread + 384u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 384u) % 64u, 111u), (gemm_thread + 384u) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 512u) / 64u) * 16u + ((gemm_thread + 512u) % 64u) / 4u][((gemm_thread + 512u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 512u) % 64u, 111u), (gemm_thread + 512u) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 640u) / 64u) * 16u + ((gemm_thread + 640u) % 64u) / 4u][((gemm_thread + 640u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 640u) % 64u, 111u), (gemm_thread + 640u) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 768u) / 64u) * 16u + ((gemm_thread + 768u) % 64u) / 4u][((gemm_thread + 768u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 768u) % 64u, 111u), (gemm_thread + 768u) / 64u + gemm_split * 256u);
  gemm_tile_a[((gemm_thread + 896u) / 64u) * 16u + ((gemm_thread + 896u) % 64u) / 4u][((gemm_thread + 896u) % 64u) % 4u] = load_a(batch, min(tile_row * 64u + (gemm_thread + 896u) % 64u, 111u), (gemm_thread + 896u) / 64u + gemm_split * 256u);
  gemm_tile_b[((gemm_thread) / 64u) * 16u + ((gemm_thread) % 64u) / 4u][((gemm_thread) % 64u) % 4u] = load_b(batch, (gemm_thread) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread) % 64u);
  gemm_tile_b[((gemm_thread + 128u) / 64u) * 16u + ((gemm_thread + 128u) % 64u) / 4u][((gemm_thread + 128u) % 64u) % 4u] = load_b(batch, (gemm_thread + 128u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 128u) % 64u);
  gemm_tile_b[((gemm_thread + 256u) / 64u) * 16u + ((gemm_thread + 256u) % 64u) / 4u][((gemm_thread + 256u) % 64u) % 4u] = load_b(batch, (gemm_thread + 256u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 256u) % 64u);
  gemm_tile_b[((gemm_thread + 384u) / 64u) * 16u + ((gemm_thread + 384u) % 64u) / 4u][((gemm_thread + 384u) % 64u) % 4u] = load_b(batch, (gemm_thread + 384u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 384u) % 64u);
  gemm_tile_b[((gemm_thread + 512u) / 64u) * 16u + ((gemm_thread + 512u) % 64u) / 4u][((gemm_thread + 512u) % 64u) % 4u] = load_b(batch, (gemm_thread + 512u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 512u) % 64u);
  gemm_tile_b[((gemm_thread + 640u) / 64u) * 16u + ((gemm_thread + 640u) % 64u) / 4u][((gemm_thread + 640u) % 64u) % 4u] = load_b(batch, (gemm_thread + 640u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 640u) % 64u);
  gemm_tile_b[((gemm_thread + 768u) / 64u) * 16u + ((gemm_thread + 768u) % 64u) / 4u][((gemm_thread + 768u) % 64u) % 4u] = load_b(batch, (gemm_thread + 768u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 768u) % 64u);
  gemm_tile_b[((gemm_thread + 896u) / 64u) * 16u + ((gemm_thread + 896u) % 64u) / 4u][((gemm_thread + 896u) % 64u) % 4u] = load_b(batch, (gemm_thread + 896u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 896u) % 64u);
  workgroupBarrier();
  var gemm_next_a_0: f32;
  var gemm_next_a_1: f32;
  var gemm_next_a_2: f32;
  var gemm_next_a_3: f32;
  var gemm_next_a_4: f32;
  var gemm_next_a_5: f32;
  var gemm_next_a_6: f32;
  var gemm_next_a_7: f32;
  var gemm_next_b_0: f32;
  var gemm_next_b_1: f32;
  var gemm_next_b_2: f32;
  var gemm_next_b_3: f32;
  var gemm_next_b_4: f32;
  var gemm_next_b_5: f32;
  var gemm_next_b_6: f32;
  var gemm_next_b_7: f32;
  for (var k0 = 0u; k0 < 256u; k0 += 16u) {
    let gemm_read = (k0 / 16u) % 2u;
    let gemm_next = k0 + 16u < 256u;
    if (gemm_next) {
      gemm_next_a_0 = load_a(batch, min(tile_row * 64u + (gemm_thread) % 64u, 111u), k0 + 16u + (gemm_thread) / 64u + gemm_split * 256u);
      gemm_next_a_1 = load_a(batch, min(tile_row * 64u + (gemm_thread + 128u) % 64u, 111u), k0 + 16u + (gemm_thread + 128u) / 64u + gemm_split * 256u);
      gemm_next_a_2 = load_a(batch, min(tile_row * 64u + (gemm_thread + 256u) % 64u, 111u), k0 + 16u + (gemm_thread + 256u) / 64u + gemm_split * 256u);
      gemm_next_a_3 = load_a(batch, min(tile_row * 64u + (gemm_thread + 384u) % 64u, 111u), k0 + 16u + (gemm_thread + 384u) / 64u + gemm_split * 256u);
      gemm_next_a_4 = load_a(batch, min(tile_row * 64u + (gemm_thread + 512u) % 64u, 111u), k0 + 16u + (gemm_thread + 512u) / 64u + gemm_split * 256u);
      gemm_next_a_5 = load_a(batch, min(tile_row * 64u + (gemm_thread + 640u) % 64u, 111u), k0 + 16u + (gemm_thread + 640u) / 64u + gemm_split * 256u);
      gemm_next_a_6 = load_a(batch, min(tile_row * 64u + (gemm_thread + 768u) % 64u, 111u), k0 + 16u + (gemm_thread + 768u) / 64u + gemm_split * 256u);
      gemm_next_a_7 = load_a(batch, min(tile_row * 64u + (gemm_thread + 896u) % 64u, 111u), k0 + 16u + (gemm_thread + 896u) / 64u + gemm_split * 256u);
      gemm_next_b_0 = load_b(batch, k0 + 16u + (gemm_thread) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread) % 64u);
      gemm_next_b_1 = load_b(batch, k0 + 16u + (gemm_thread + 128u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 128u) % 64u);
      gemm_next_b_2 = load_b(batch, k0 + 16u + (gemm_thread + 256u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 256u) % 64u);
      gemm_next_b_3 = load_b(batch, k0 + 16u + (gemm_thread + 384u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 384u) % 64u);
      gemm_next_b_4 = load_b(batch, k0 + 16u + (gemm_thread + 512u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 512u) % 64u);
      gemm_next_b_5 = load_b(batch, k0 + 16u + (gemm_thread + 640u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 640u) % 64u);
      gemm_next_b_6 = load_b(batch, k0 + 16u + (gemm_thread + 768u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 768u) % 64u);
      gemm_next_b_7 = load_b(batch, k0 + 16u + (gemm_thread + 896u) / 64u + gemm_split * 256u, tile_col * 64u + (gemm_thread + 896u) % 64u);
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
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread) / 64u) * 16u + ((gemm_thread) % 64u) / 4u][((gemm_thread) % 64u) % 4u] = gemm_next_a_0;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 128u) / 64u) * 16u + ((gemm_thread + 128u) % 64u) / 4u][((gemm_thread + 128u) % 64u) % 4u] = gemm_next_a_1;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 256u) / 64u) * 16u + ((gemm_thread + 256u) % 64u) / 4u][((gemm_thread + 256u) % 64u) % 4u] = gemm_next_a_2;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 384u) / 64u) * 16u + ((gemm_thread + 384u) % 64u) / 4u][((gemm_thread + 384u) % 64u) % 4u] = gemm_next_a_3;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 512u) / 64u) * 16u + ((gemm_thread + 512u) % 64u) / 4u][((gemm_thread + 512u) % 64u) % 4u] = gemm_next_a_4;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 640u) / 64u) * 16u + ((gemm_thread + 640u) % 64u) / 4u][((gemm_thread + 640u) % 64u) % 4u] = gemm_next_a_5;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 768u) / 64u) * 16u + ((gemm_thread + 768u) % 64u) / 4u][((gemm_thread + 768u) % 64u) % 4u] = gemm_next_a_6;
      gemm_tile_a[(1u - gemm_read) * 256u + ((gemm_thread + 896u) / 64u) * 16u + ((gemm_thread + 896u) % 64u) / 4u][((gemm_thread + 896u) % 64u) % 4u] = gemm_next_a_7;
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
  if (row0 < 112u) { gemm_c[(gemm_split * 57344u + row0 * 512u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (row0 + 1u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 1u) * 512u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (row0 + 2u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 2u) * 512u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (row0 + 3u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 3u) * 512u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (row0 + 4u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 4u) * 512u + col0) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  if (row0 + 5u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 5u) * 512u + col0) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  if (row0 + 6u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 6u) * 512u + col0) / 4u] = vec4<f32>(acc_6_0, acc_6_1, acc_6_2, acc_6_3); }
  if (row0 + 7u < 112u) { gemm_c[(gemm_split * 57344u + (row0 + 7u) * 512u + col0) / 4u] = vec4<f32>(acc_7_0, acc_7_1, acc_7_2, acc_7_3); }
}
