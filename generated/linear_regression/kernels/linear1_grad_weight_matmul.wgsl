// linear1_grad_weight_matmul: linear_regression, compiled by netc from ../../specs/linear_regression.net
// gemm linear1_grad_weight_matmul: C[1x2] = A[1x10] * B[10x2] (A stored transposed, B)
// tile {"strategy":"register","threads":[1,64],"rows":4,"cols":2}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read> gemm_b: array<f32>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(1, 64, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 256u + lid.y * 4u;
  let col0 = tile_col * 2u + lid.x * 2u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0;
  for (var k0 = 0u; k0 < 10u; k0 += 1u) {
    let a_0_0 = gemm_a[k0 + min(row0, 0u)];
    let a_1_0 = gemm_a[k0 + min(row0 + 1u, 0u)];
    let a_2_0 = gemm_a[k0 + min(row0 + 2u, 0u)];
    let a_3_0 = gemm_a[k0 + min(row0 + 3u, 0u)];
    let b_0_0 = gemm_b[k0 * 2u + col0];
    let b_0_1 = gemm_b[k0 * 2u + col0 + 1u];
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
  }
  if (row0 < 1u) { gemm_c[row0 * 2u + col0] = acc_0_0; }
  if (row0 < 1u) { gemm_c[row0 * 2u + col0 + 1u] = acc_0_1; }
  if (row0 + 1u < 1u) { gemm_c[(row0 + 1u) * 2u + col0] = acc_1_0; }
  if (row0 + 1u < 1u) { gemm_c[(row0 + 1u) * 2u + col0 + 1u] = acc_1_1; }
  if (row0 + 2u < 1u) { gemm_c[(row0 + 2u) * 2u + col0] = acc_2_0; }
  if (row0 + 2u < 1u) { gemm_c[(row0 + 2u) * 2u + col0 + 1u] = acc_2_1; }
  if (row0 + 3u < 1u) { gemm_c[(row0 + 3u) * 2u + col0] = acc_3_0; }
  if (row0 + 3u < 1u) { gemm_c[(row0 + 3u) * 2u + col0 + 1u] = acc_3_1; }
}
