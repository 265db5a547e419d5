/* rng.c - Philox4x64-10 uniforms and normals (see include/soso/rng.h).
 *
 * Counter = {block, path, 0, 0}, key = {seed, stream}. Uniforms take the top 53
 * bits of each 64-bit word and are shifted by half an ulp so they lie strictly in
 * (0, 1): log(u) is always finite. Normals use the Box-Muller transform on lane
 * pairs (0,1) and (2,3); it is exact, branch-free and vectorises, unlike the
 * polar method's rejection loop.
 */
#include "soso/rng.h"

#include <Random123/philox.h>
#include <math.h>

static void block4(const soso_rng *rng, uint64_t path, uint64_t block, double u[4]) {
  philox4x64_ctr_t ctr = {{block, path, 0, 0}};
  philox4x64_key_t key = {{rng->seed, rng->stream}};
  philox4x64_ctr_t x = philox4x64(ctr, key);
  for (int i = 0; i < 4; i++)
    u[i] = ((double)(x.v[i] >> 11) + 0.5) * 0x1.0p-53;
}

void soso_rng_uniform4(const soso_rng *rng, uint64_t path, uint64_t block, double out[4]) {
  block4(rng, path, block, out);
}

void soso_rng_normal4(const soso_rng *rng, uint64_t path, uint64_t block, double out[4]) {
  double u[4];
  block4(rng, path, block, u);
  const double two_pi = 6.283185307179586476925286766559;
  double r0 = sqrt(-2.0 * log(u[0])), r1 = sqrt(-2.0 * log(u[2]));
  out[0] = r0 * cos(two_pi * u[1]);
  out[1] = r0 * sin(two_pi * u[1]);
  out[2] = r1 * cos(two_pi * u[3]);
  out[3] = r1 * sin(two_pi * u[3]);
}

void soso_rng_normals(const soso_rng *rng, uint64_t path, uint64_t first_block, double *out,
                      size_t n) {
  size_t k = 0;
  uint64_t b = first_block;
  for (; k + 4 <= n; k += 4, b++) soso_rng_normal4(rng, path, b, out + k);
  if (k < n) {
    double z[4];
    soso_rng_normal4(rng, path, b, z);
    for (size_t i = 0; k < n; k++, i++) out[k] = z[i];
  }
}
