// linear1_grad_weight_matmul: googlenet, compiled by netc from ../../specs/googlenet.net
// gemm linear1_grad_weight_matmul: C[10x1024] = A[10x128] * B[128x1024] (A stored transposed, B)
// tile {"strategy":"register","threads":[64,1],"rows":10,"cols":4}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 10u + lid.y * 10u;
  let col0 = tile_col * 256u + lid.x * 4u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0;
  var acc_8_0 = 0.0; var acc_8_1 = 0.0; var acc_8_2 = 0.0; var acc_8_3 = 0.0;
  var acc_9_0 = 0.0; var acc_9_1 = 0.0; var acc_9_2 = 0.0; var acc_9_3 = 0.0;
  for (var k0 = 0u; k0 < 128u; k0 += 1u) {
    let a_0_0 = gemm_a[k0 * 10u + row0];
    let a_1_0 = gemm_a[k0 * 10u + row0 + 1u];
    let a_2_0 = gemm_a[k0 * 10u + row0 + 2u];
    let a_3_0 = gemm_a[k0 * 10u + row0 + 3u];
    let a_4_0 = gemm_a[k0 * 10u + row0 + 4u];
    let a_5_0 = gemm_a[k0 * 10u + row0 + 5u];
    let a_6_0 = gemm_a[k0 * 10u + row0 + 6u];
    let a_7_0 = gemm_a[k0 * 10u + row0 + 7u];
    let a_8_0 = gemm_a[k0 * 10u + row0 + 8u];
    let a_9_0 = gemm_a[k0 * 10u + row0 + 9u];
    let b_0_0 = gemm_b[(k0 * 1024u + col0) / 4u];
    acc_0_0 = fma(a_0_0, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_0.w, acc_0_3);
    acc_1_0 = fma(a_1_0, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_0.w, acc_1_3);
    acc_2_0 = fma(a_2_0, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_0.w, acc_2_3);
    acc_3_0 = fma(a_3_0, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_0.w, acc_3_3);
    acc_4_0 = fma(a_4_0, b_0_0.x, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_0.y, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_0.z, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_0.w, acc_4_3);
    acc_5_0 = fma(a_5_0, b_0_0.x, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_0.y, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_0.z, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_0.w, acc_5_3);
    acc_6_0 = fma(a_6_0, b_0_0.x, acc_6_0);
    acc_6_1 = fma(a_6_0, b_0_0.y, acc_6_1);
    acc_6_2 = fma(a_6_0, b_0_0.z, acc_6_2);
    acc_6_3 = fma(a_6_0, b_0_0.w, acc_6_3);
    acc_7_0 = fma(a_7_0, b_0_0.x, acc_7_0);
    acc_7_1 = fma(a_7_0, b_0_0.y, acc_7_1);
    acc_7_2 = fma(a_7_0, b_0_0.z, acc_7_2);
    acc_7_3 = fma(a_7_0, b_0_0.w, acc_7_3);
    acc_8_0 = fma(a_8_0, b_0_0.x, acc_8_0);
    acc_8_1 = fma(a_8_0, b_0_0.y, acc_8_1);
    acc_8_2 = fma(a_8_0, b_0_0.z, acc_8_2);
    acc_8_3 = fma(a_8_0, b_0_0.w, acc_8_3);
    acc_9_0 = fma(a_9_0, b_0_0.x, acc_9_0);
    acc_9_1 = fma(a_9_0, b_0_0.y, acc_9_1);
    acc_9_2 = fma(a_9_0, b_0_0.z, acc_9_2);
    acc_9_3 = fma(a_9_0, b_0_0.w, acc_9_3);
  }
  { gemm_c[(row0 * 1024u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[((row0 + 1u) * 1024u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[((row0 + 2u) * 1024u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[((row0 + 3u) * 1024u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[((row0 + 4u) * 1024u + col0) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  { gemm_c[((row0 + 5u) * 1024u + col0) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  { gemm_c[((row0 + 6u) * 1024u + col0) / 4u] = vec4<f32>(acc_6_0, acc_6_1, acc_6_2, acc_6_3); }
  { gemm_c[((row0 + 7u) * 1024u + col0) / 4u] = vec4<f32>(acc_7_0, acc_7_1, acc_7_2, acc_7_3); }
  { gemm_c[((row0 + 8u) * 1024u + col0) / 4u] = vec4<f32>(acc_8_0, acc_8_1, acc_8_2, acc_8_3); }
  { gemm_c[((row0 + 9u) * 1024u + col0) / 4u] = vec4<f32>(acc_9_0, acc_9_1, acc_9_2, acc_9_3); }
}
