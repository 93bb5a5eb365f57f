// b3_inception2_p3_conv1_relu1_forward: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm b3_inception2_p3_conv1_relu1_forward: C[32x18432] = A[32x256] * B[256x18432] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,4],"rows":8,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 144u) / 12u);
  let w = i32((col % 144u) % 12u);
  let inside = (h >= 0) & (h < 12) & (w >= 0) & (w < 12);
  return select(0.0, x[select(0u, (((col / 144u) * 256u + row) * 12u + u32(h)) * 12u + u32(w), inside)], inside);
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

@compute @workgroup_size(8, 4, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 32u + lid.y * 8u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0; var acc_6_4 = 0.0; var acc_6_5 = 0.0; var acc_6_6 = 0.0; var acc_6_7 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0; var acc_7_4 = 0.0; var acc_7_5 = 0.0; var acc_7_6 = 0.0; var acc_7_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 256u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 256u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 256u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 256u + k0) / 4u];
    let a_4_0 = gemm_a[((row0 + 4u) * 256u + k0) / 4u];
    let a_5_0 = gemm_a[((row0 + 5u) * 256u + k0) / 4u];
    let a_6_0 = gemm_a[((row0 + 6u) * 256u + k0) / 4u];
    let a_7_0 = gemm_a[((row0 + 7u) * 256u + k0) / 4u];
    let b_0_0 = load_b(batch, k0, col0);
    let b_0_1 = load_b(batch, k0, col0 + 1u);
    let b_0_2 = load_b(batch, k0, col0 + 2u);
    let b_0_3 = load_b(batch, k0, col0 + 3u);
    let b_0_4 = load_b(batch, k0, col0 + 4u);
    let b_0_5 = load_b(batch, k0, col0 + 5u);
    let b_0_6 = load_b(batch, k0, col0 + 6u);
    let b_0_7 = load_b(batch, k0, col0 + 7u);
    let b_1_0 = load_b(batch, k0 + 1u, col0);
    let b_1_1 = load_b(batch, k0 + 1u, col0 + 1u);
    let b_1_2 = load_b(batch, k0 + 1u, col0 + 2u);
    let b_1_3 = load_b(batch, k0 + 1u, col0 + 3u);
    let b_1_4 = load_b(batch, k0 + 1u, col0 + 4u);
    let b_1_5 = load_b(batch, k0 + 1u, col0 + 5u);
    let b_1_6 = load_b(batch, k0 + 1u, col0 + 6u);
    let b_1_7 = load_b(batch, k0 + 1u, col0 + 7u);
    let b_2_0 = load_b(batch, k0 + 2u, col0);
    let b_2_1 = load_b(batch, k0 + 2u, col0 + 1u);
    let b_2_2 = load_b(batch, k0 + 2u, col0 + 2u);
    let b_2_3 = load_b(batch, k0 + 2u, col0 + 3u);
    let b_2_4 = load_b(batch, k0 + 2u, col0 + 4u);
    let b_2_5 = load_b(batch, k0 + 2u, col0 + 5u);
    let b_2_6 = load_b(batch, k0 + 2u, col0 + 6u);
    let b_2_7 = load_b(batch, k0 + 2u, col0 + 7u);
    let b_3_0 = load_b(batch, k0 + 3u, col0);
    let b_3_1 = load_b(batch, k0 + 3u, col0 + 1u);
    let b_3_2 = load_b(batch, k0 + 3u, col0 + 2u);
    let b_3_3 = load_b(batch, k0 + 3u, col0 + 3u);
    let b_3_4 = load_b(batch, k0 + 3u, col0 + 4u);
    let b_3_5 = load_b(batch, k0 + 3u, col0 + 5u);
    let b_3_6 = load_b(batch, k0 + 3u, col0 + 6u);
    let b_3_7 = load_b(batch, k0 + 3u, col0 + 7u);
    acc_0_0 = fma(a_0_0.x, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_7, acc_0_7);
    acc_0_0 = fma(a_0_0.y, b_1_0, acc_0_0);
    acc_0_1 = fma(a_0_0.y, b_1_1, acc_0_1);
    acc_0_2 = fma(a_0_0.y, b_1_2, acc_0_2);
    acc_0_3 = fma(a_0_0.y, b_1_3, acc_0_3);
    acc_0_4 = fma(a_0_0.y, b_1_4, acc_0_4);
    acc_0_5 = fma(a_0_0.y, b_1_5, acc_0_5);
    acc_0_6 = fma(a_0_0.y, b_1_6, acc_0_6);
    acc_0_7 = fma(a_0_0.y, b_1_7, acc_0_7);
    acc_0_0 = fma(a_0_0.z, b_2_0, acc_0_0);
    acc_0_1 = fma(a_0_0.z, b_2_1, acc_0_1);
    acc_0_2 = fma(a_0_0.z, b_2_2, acc_0_2);
    acc_0_3 = fma(a_0_0.z, b_2_3, acc_0_3);
    acc_0_4 = fma(a_0_0.z, b_2_4, acc_0_4);
    acc_0_5 = fma(a_0_0.z, b_2_5, acc_0_5);
    acc_0_6 = fma(a_0_0.z, b_2_6, acc_0_6);
    acc_0_7 = fma(a_0_0.z, b_2_7, acc_0_7);
    acc_0_0 = fma(a_0_0.w, b_3_0, acc_0_0);
    acc_0_1 = fma(a_0_0.w, b_3_1, acc_0_1);
    acc_0_2 = fma(a_0_0.w, b_3_2, acc_0_2);
    acc_0_3 = fma(a_0_0.w, b_3_3, acc_0_3);
    acc_0_4 = fma(a_0_0.w, b_3_4, acc_0_4);
    acc_0_5 = fma(a_0_0.w, b_3_5, acc_0_5);
    acc_0_6 = fma(a_0_0.w, b_3_6, acc_0_6);
    acc_0_7 = fma(a_0_0.w, b_3_7, acc_0_7);
    acc_1_0 = fma(a_1_0.x, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0.x, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0.x, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0.x, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0.x, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0.x, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0.x, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0.x, b_0_7, acc_1_7);
    acc_1_0 = fma(a_1_0.y, b_1_0, acc_1_0);
    acc_1_1 = fma(a_1_0.y, b_1_1, acc_1_1);
    acc_1_2 = fma(a_1_0.y, b_1_2, acc_1_2);
    acc_1_3 = fma(a_1_0.y, b_1_3, acc_1_3);
    acc_1_4 = fma(a_1_0.y, b_1_4, acc_1_4);
    acc_1_5 = fma(a_1_0.y, b_1_5, acc_1_5);
    acc_1_6 = fma(a_1_0.y, b_1_6, acc_1_6);
    acc_1_7 = fma(a_1_0.y, b_1_7, acc_1_7);
    acc_1_0 = fma(a_1_0.z, b_2_0, acc_1_0);
    acc_1_1 = fma(a_1_0.z, b_2_1, acc_1_1);
    acc_1_2 = fma(a_1_0.z, b_2_2, acc_1_2);
    acc_1_3 = fma(a_1_0.z, b_2_3, acc_1_3);
    acc_1_4 = fma(a_1_0.z, b_2_4, acc_1_4);
    acc_1_5 = fma(a_1_0.z, b_2_5, acc_1_5);
    acc_1_6 = fma(a_1_0.z, b_2_6, acc_1_6);
    acc_1_7 = fma(a_1_0.z, b_2_7, acc_1_7);
    acc_1_0 = fma(a_1_0.w, b_3_0, acc_1_0);
    acc_1_1 = fma(a_1_0.w, b_3_1, acc_1_1);
    acc_1_2 = fma(a_1_0.w, b_3_2, acc_1_2);
    acc_1_3 = fma(a_1_0.w, b_3_3, acc_1_3);
    acc_1_4 = fma(a_1_0.w, b_3_4, acc_1_4);
    acc_1_5 = fma(a_1_0.w, b_3_5, acc_1_5);
    acc_1_6 = fma(a_1_0.w, b_3_6, acc_1_6);
    acc_1_7 = fma(a_1_0.w, b_3_7, acc_1_7);
    acc_2_0 = fma(a_2_0.x, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0.x, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0.x, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0.x, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0.x, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0.x, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0.x, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0.x, b_0_7, acc_2_7);
    acc_2_0 = fma(a_2_0.y, b_1_0, acc_2_0);
    acc_2_1 = fma(a_2_0.y, b_1_1, acc_2_1);
    acc_2_2 = fma(a_2_0.y, b_1_2, acc_2_2);
    acc_2_3 = fma(a_2_0.y, b_1_3, acc_2_3);
    acc_2_4 = fma(a_2_0.y, b_1_4, acc_2_4);
    acc_2_5 = fma(a_2_0.y, b_1_5, acc_2_5);
    acc_2_6 = fma(a_2_0.y, b_1_6, acc_2_6);
    acc_2_7 = fma(a_2_0.y, b_1_7, acc_2_7);
    acc_2_0 = fma(a_2_0.z, b_2_0, acc_2_0);
    acc_2_1 = fma(a_2_0.z, b_2_1, acc_2_1);
    acc_2_2 = fma(a_2_0.z, b_2_2, acc_2_2);
    acc_2_3 = fma(a_2_0.z, b_2_3, acc_2_3);
    acc_2_4 = fma(a_2_0.z, b_2_4, acc_2_4);
    acc_2_5 = fma(a_2_0.z, b_2_5, acc_2_5);
    acc_2_6 = fma(a_2_0.z, b_2_6, acc_2_6);
    acc_2_7 = fma(a_2_0.z, b_2_7, acc_2_7);
    acc_2_0 = fma(a_2_0.w, b_3_0, acc_2_0);
    acc_2_1 = fma(a_2_0.w, b_3_1, acc_2_1);
    acc_2_2 = fma(a_2_0.w, b_3_2, acc_2_2);
    acc_2_3 = fma(a_2_0.w, b_3_3, acc_2_3);
    acc_2_4 = fma(a_2_0.w, b_3_4, acc_2_4);
    acc_2_5 = fma(a_2_0.w, b_3_5, acc_2_5);
    acc_2_6 = fma(a_2_0.w, b_3_6, acc_2_6);
    acc_2_7 = fma(a_2_0.w, b_3_7, acc_2_7);
    acc_3_0 = fma(a_3_0.x, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0.x, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0.x, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0.x, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0.x, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0.x, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0.x, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0.x, b_0_7, acc_3_7);
    acc_3_0 = fma(a_3_0.y, b_1_0, acc_3_0);
    acc_3_1 = fma(a_3_0.y, b_1_1, acc_3_1);
    acc_3_2 = fma(a_3_0.y, b_1_2, acc_3_2);
    acc_3_3 = fma(a_3_0.y, b_1_3, acc_3_3);
    acc_3_4 = fma(a_3_0.y, b_1_4, acc_3_4);
    acc_3_5 = fma(a_3_0.y, b_1_5, acc_3_5);
    acc_3_6 = fma(a_3_0.y, b_1_6, acc_3_6);
    acc_3_7 = fma(a_3_0.y, b_1_7, acc_3_7);
    acc_3_0 = fma(a_3_0.z, b_2_0, acc_3_0);
    acc_3_1 = fma(a_3_0.z, b_2_1, acc_3_1);
    acc_3_2 = fma(a_3_0.z, b_2_2, acc_3_2);
    acc_3_3 = fma(a_3_0.z, b_2_3, acc_3_3);
    acc_3_4 = fma(a_3_0.z, b_2_4, acc_3_4);
    acc_3_5 = fma(a_3_0.z, b_2_5, acc_3_5);
    acc_3_6 = fma(a_3_0.z, b_2_6, acc_3_6);
    acc_3_7 = fma(a_3_0.z, b_2_7, acc_3_7);
    acc_3_0 = fma(a_3_0.w, b_3_0, acc_3_0);
    acc_3_1 = fma(a_3_0.w, b_3_1, acc_3_1);
    acc_3_2 = fma(a_3_0.w, b_3_2, acc_3_2);
    acc_3_3 = fma(a_3_0.w, b_3_3, acc_3_3);
    acc_3_4 = fma(a_3_0.w, b_3_4, acc_3_4);
    acc_3_5 = fma(a_3_0.w, b_3_5, acc_3_5);
    acc_3_6 = fma(a_3_0.w, b_3_6, acc_3_6);
    acc_3_7 = fma(a_3_0.w, b_3_7, acc_3_7);
    acc_4_0 = fma(a_4_0.x, b_0_0, acc_4_0);
    acc_4_1 = fma(a_4_0.x, b_0_1, acc_4_1);
    acc_4_2 = fma(a_4_0.x, b_0_2, acc_4_2);
    acc_4_3 = fma(a_4_0.x, b_0_3, acc_4_3);
    acc_4_4 = fma(a_4_0.x, b_0_4, acc_4_4);
    acc_4_5 = fma(a_4_0.x, b_0_5, acc_4_5);
    acc_4_6 = fma(a_4_0.x, b_0_6, acc_4_6);
    acc_4_7 = fma(a_4_0.x, b_0_7, acc_4_7);
    acc_4_0 = fma(a_4_0.y, b_1_0, acc_4_0);
    acc_4_1 = fma(a_4_0.y, b_1_1, acc_4_1);
    acc_4_2 = fma(a_4_0.y, b_1_2, acc_4_2);
    acc_4_3 = fma(a_4_0.y, b_1_3, acc_4_3);
    acc_4_4 = fma(a_4_0.y, b_1_4, acc_4_4);
    acc_4_5 = fma(a_4_0.y, b_1_5, acc_4_5);
    acc_4_6 = fma(a_4_0.y, b_1_6, acc_4_6);
    acc_4_7 = fma(a_4_0.y, b_1_7, acc_4_7);
    acc_4_0 = fma(a_4_0.z, b_2_0, acc_4_0);
    acc_4_1 = fma(a_4_0.z, b_2_1, acc_4_1);
    acc_4_2 = fma(a_4_0.z, b_2_2, acc_4_2);
    acc_4_3 = fma(a_4_0.z, b_2_3, acc_4_3);
    acc_4_4 = fma(a_4_0.z, b_2_4, acc_4_4);
    acc_4_5 = fma(a_4_0.z, b_2_5, acc_4_5);
    acc_4_6 = fma(a_4_0.z, b_2_6, acc_4_6);
    acc_4_7 = fma(a_4_0.z, b_2_7, acc_4_7);
    acc_4_0 = fma(a_4_0.w, b_3_0, acc_4_0);
    acc_4_1 = fma(a_4_0.w, b_3_1, acc_4_1);
    acc_4_2 = fma(a_4_0.w, b_3_2, acc_4_2);
    acc_4_3 = fma(a_4_0.w, b_3_3, acc_4_3);
    acc_4_4 = fma(a_4_0.w, b_3_4, acc_4_4);
    acc_4_5 = fma(a_4_0.w, b_3_5, acc_4_5);
    acc_4_6 = fma(a_4_0.w, b_3_6, acc_4_6);
    acc_4_7 = fma(a_4_0.w, b_3_7, acc_4_7);
    acc_5_0 = fma(a_5_0.x, b_0_0, acc_5_0);
    acc_5_1 = fma(a_5_0.x, b_0_1, acc_5_1);
    acc_5_2 = fma(a_5_0.x, b_0_2, acc_5_2);
    acc_5_3 = fma(a_5_0.x, b_0_3, acc_5_3);
    acc_5_4 = fma(a_5_0.x, b_0_4, acc_5_4);
    acc_5_5 = fma(a_5_0.x, b_0_5, acc_5_5);
    acc_5_6 = fma(a_5_0.x, b_0_6, acc_5_6);
    acc_5_7 = fma(a_5_0.x, b_0_7, acc_5_7);
    acc_5_0 = fma(a_5_0.y, b_1_0, acc_5_0);
    acc_5_1 = fma(a_5_0.y, b_1_1, acc_5_1);
    acc_5_2 = fma(a_5_0.y, b_1_2, acc_5_2);
    acc_5_3 = fma(a_5_0.y, b_1_3, acc_5_3);
    acc_5_4 = fma(a_5_0.y, b_1_4, acc_5_4);
    acc_5_5 = fma(a_5_0.y, b_1_5, acc_5_5);
    acc_5_6 = fma(a_5_0.y, b_1_6, acc_5_6);
    acc_5_7 = fma(a_5_0.y, b_1_7, acc_5_7);
    acc_5_0 = fma(a_5_0.z, b_2_0, acc_5_0);
    acc_5_1 = fma(a_5_0.z, b_2_1, acc_5_1);
    acc_5_2 = fma(a_5_0.z, b_2_2, acc_5_2);
    acc_5_3 = fma(a_5_0.z, b_2_3, acc_5_3);
    acc_5_4 = fma(a_5_0.z, b_2_4, acc_5_4);
    acc_5_5 = fma(a_5_0.z, b_2_5, acc_5_5);
    acc_5_6 = fma(a_5_0.z, b_2_6, acc_5_6);
    acc_5_7 = fma(a_5_0.z, b_2_7, acc_5_7);
    acc_5_0 = fma(a_5_0.w, b_3_0, acc_5_0);
    acc_5_1 = fma(a_5_0.w, b_3_1, acc_5_1);
    acc_5_2 = fma(a_5_0.w, b_3_2, acc_5_2);
    acc_5_3 = fma(a_5_0.w, b_3_3, acc_5_3);
    acc_5_4 = fma(a_5_0.w, b_3_4, acc_5_4);
    acc_5_5 = fma(a_5_0.w, b_3_5, acc_5_5);
    acc_5_6 = fma(a_5_0.w, b_3_6, acc_5_6);
    acc_5_7 = fma(a_5_0.w, b_3_7, acc_5_7);
    acc_6_0 = fma(a_6_0.x, b_0_0, acc_6_0);
    acc_6_1 = fma(a_6_0.x, b_0_1, acc_6_1);
    acc_6_2 = fma(a_6_0.x, b_0_2, acc_6_2);
    acc_6_3 = fma(a_6_0.x, b_0_3, acc_6_3);
    acc_6_4 = fma(a_6_0.x, b_0_4, acc_6_4);
    acc_6_5 = fma(a_6_0.x, b_0_5, acc_6_5);
    acc_6_6 = fma(a_6_0.x, b_0_6, acc_6_6);
    acc_6_7 = fma(a_6_0.x, b_0_7, acc_6_7);
    acc_6_0 = fma(a_6_0.y, b_1_0, acc_6_0);
    acc_6_1 = fma(a_6_0.y, b_1_1, acc_6_1);
    acc_6_2 = fma(a_6_0.y, b_1_2, acc_6_2);
    acc_6_3 = fma(a_6_0.y, b_1_3, acc_6_3);
    acc_6_4 = fma(a_6_0.y, b_1_4, acc_6_4);
    acc_6_5 = fma(a_6_0.y, b_1_5, acc_6_5);
    acc_6_6 = fma(a_6_0.y, b_1_6, acc_6_6);
    acc_6_7 = fma(a_6_0.y, b_1_7, acc_6_7);
    acc_6_0 = fma(a_6_0.z, b_2_0, acc_6_0);
    acc_6_1 = fma(a_6_0.z, b_2_1, acc_6_1);
    acc_6_2 = fma(a_6_0.z, b_2_2, acc_6_2);
    acc_6_3 = fma(a_6_0.z, b_2_3, acc_6_3);
    acc_6_4 = fma(a_6_0.z, b_2_4, acc_6_4);
    acc_6_5 = fma(a_6_0.z, b_2_5, acc_6_5);
    acc_6_6 = fma(a_6_0.z, b_2_6, acc_6_6);
    acc_6_7 = fma(a_6_0.z, b_2_7, acc_6_7);
    acc_6_0 = fma(a_6_0.w, b_3_0, acc_6_0);
    acc_6_1 = fma(a_6_0.w, b_3_1, acc_6_1);
    acc_6_2 = fma(a_6_0.w, b_3_2, acc_6_2);
    acc_6_3 = fma(a_6_0.w, b_3_3, acc_6_3);
    acc_6_4 = fma(a_6_0.w, b_3_4, acc_6_4);
    acc_6_5 = fma(a_6_0.w, b_3_5, acc_6_5);
    acc_6_6 = fma(a_6_0.w, b_3_6, acc_6_6);
    acc_6_7 = fma(a_6_0.w, b_3_7, acc_6_7);
    acc_7_0 = fma(a_7_0.x, b_0_0, acc_7_0);
    acc_7_1 = fma(a_7_0.x, b_0_1, acc_7_1);
    acc_7_2 = fma(a_7_0.x, b_0_2, acc_7_2);
    acc_7_3 = fma(a_7_0.x, b_0_3, acc_7_3);
    acc_7_4 = fma(a_7_0.x, b_0_4, acc_7_4);
    acc_7_5 = fma(a_7_0.x, b_0_5, acc_7_5);
    acc_7_6 = fma(a_7_0.x, b_0_6, acc_7_6);
    acc_7_7 = fma(a_7_0.x, b_0_7, acc_7_7);
    acc_7_0 = fma(a_7_0.y, b_1_0, acc_7_0);
    acc_7_1 = fma(a_7_0.y, b_1_1, acc_7_1);
    acc_7_2 = fma(a_7_0.y, b_1_2, acc_7_2);
    acc_7_3 = fma(a_7_0.y, b_1_3, acc_7_3);
    acc_7_4 = fma(a_7_0.y, b_1_4, acc_7_4);
    acc_7_5 = fma(a_7_0.y, b_1_5, acc_7_5);
    acc_7_6 = fma(a_7_0.y, b_1_6, acc_7_6);
    acc_7_7 = fma(a_7_0.y, b_1_7, acc_7_7);
    acc_7_0 = fma(a_7_0.z, b_2_0, acc_7_0);
    acc_7_1 = fma(a_7_0.z, b_2_1, acc_7_1);
    acc_7_2 = fma(a_7_0.z, b_2_2, acc_7_2);
    acc_7_3 = fma(a_7_0.z, b_2_3, acc_7_3);
    acc_7_4 = fma(a_7_0.z, b_2_4, acc_7_4);
    acc_7_5 = fma(a_7_0.z, b_2_5, acc_7_5);
    acc_7_6 = fma(a_7_0.z, b_2_6, acc_7_6);
    acc_7_7 = fma(a_7_0.z, b_2_7, acc_7_7);
    acc_7_0 = fma(a_7_0.w, b_3_0, acc_7_0);
    acc_7_1 = fma(a_7_0.w, b_3_1, acc_7_1);
    acc_7_2 = fma(a_7_0.w, b_3_2, acc_7_2);
    acc_7_3 = fma(a_7_0.w, b_3_3, acc_7_3);
    acc_7_4 = fma(a_7_0.w, b_3_4, acc_7_4);
    acc_7_5 = fma(a_7_0.w, b_3_5, acc_7_5);
    acc_7_6 = fma(a_7_0.w, b_3_6, acc_7_6);
    acc_7_7 = fma(a_7_0.w, b_3_7, acc_7_7);
  }
  let feature_0 = gemm_feature(row0, batch);
  { gemm_c[((col0 / 144u) * 4608u + row0 * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + row0 * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 1u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 1u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 2u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 2u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 3u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 3u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 4u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 4u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 5u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 5u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  let feature_6 = gemm_feature(row0 + 6u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 6u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_0, feature_6), gemm_epilogue(acc_6_1, feature_6), gemm_epilogue(acc_6_2, feature_6), gemm_epilogue(acc_6_3, feature_6)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 6u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_4, feature_6), gemm_epilogue(acc_6_5, feature_6), gemm_epilogue(acc_6_6, feature_6), gemm_epilogue(acc_6_7, feature_6)); }
  let feature_7 = gemm_feature(row0 + 7u, batch);
  { gemm_c[((col0 / 144u) * 4608u + (row0 + 7u) * 144u + col0 % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_0, feature_7), gemm_epilogue(acc_7_1, feature_7), gemm_epilogue(acc_7_2, feature_7), gemm_epilogue(acc_7_3, feature_7)); }
  { gemm_c[(((col0 + 4u) / 144u) * 4608u + (row0 + 7u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_4, feature_7), gemm_epilogue(acc_7_5, feature_7), gemm_epilogue(acc_7_6, feature_7), gemm_epilogue(acc_7_7, feature_7)); }
}
