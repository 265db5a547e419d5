/* rng.c - Philox4x64-10 uniforms and normals (see include/soso/rng.h).
 *
 * Counter = {block, path, 0, 0}, key = {seed, stream}. Uniforms take the top 53
 * bits of each 64-bit word and are shifted by half an ulp so they lie strictly in
 * (0, 1): log(u) is always finite. Normals use the Box-Muller transform on lane
 * pairs (0,1) and (2,3); it is exact, branch-free and vectorises, unlike the
 * polar method's rejection loop or a ziggurat's table look-ups with rejection.
 *
 * Speed (bench/RESULTS.md, "limit"): one Philox4x64 block is a chain of 10 rounds,
 * each waiting on two 64x64->128 multiplies, so a single block is latency-bound;
 * philox_many() computes a batch of a path's blocks in a straight loop, whose
 * iterations are independent, so the out-of-order core overlaps their multiply
 * chains (~12 ns a block here, against ~25 ns one at a time behind a call). Running
 * 4 or 8 counters round by round by hand was measured slower (16-28 ns: 32 live
 * 64-bit words spill from 16 registers). Philox4x64 itself cannot go into vector
 * registers (no x86 vector instruction gives the high half of a 64x64 product);
 * the transform to normals does (core/vmath_int.h). The words are Random123's
 * philox4x64() bit for bit (tested).
 */
#include "soso/rng.h"

#include "core/vmath_int.h"

#include <Random123/philox.h>
#include <math.h>
#include <string.h>

enum { BATCH = 64 /* blocks per batch: their Philox words on the stack, 2 KiB */ };

/* Philox4x64-10 of counters {first + k, path, 0, 0}, k < n, into w[4k..4k+3]. */
static void philox_many(const soso_rng *rng, uint64_t path, uint64_t first, size_t n,
                        uint64_t *w) {
  philox4x64_key_t key = {{rng->seed, rng->stream}};
  size_t k = 0;
  for (; k + 2 <= n; k += 2) { /* two independent chains per iteration */
    philox4x64_ctr_t c0 = {{first + k, path, 0, 0}}, c1 = {{first + k + 1, path, 0, 0}};
    philox4x64_ctr_t x0 = philox4x64(c0, key), x1 = philox4x64(c1, key);
    memcpy(w + 4 * k, x0.v, sizeof x0.v);
    memcpy(w + 4 * k + 4, x1.v, sizeof x1.v);
  }
  if (k < n) {
    philox4x64_ctr_t c0 = {{first + k, path, 0, 0}};
    philox4x64_ctr_t x0 = philox4x64(c0, key);
    memcpy(w + 4 * k, x0.v, sizeof x0.v);
  }
}

void soso_rng_uniform4(const soso_rng *rng, uint64_t path, uint64_t block, double out[4]) {
  uint64_t w[4];
  philox_many(rng, path, block, 1, w);
  for (int i = 0; i < 4; i++) out[i] = soso__unit53(w[i]);
}

void soso_rng_normal_blocks(const soso_rng *rng, uint64_t path, uint64_t first_block,
                            size_t n_blocks, double *out) {
  uint64_t w[4 * BATCH];
  soso__isa isa = soso__vmath_isa();
  for (size_t b0 = 0; b0 < n_blocks; b0 += BATCH) {
    size_t nb = n_blocks - b0 < BATCH ? n_blocks - b0 : BATCH;
    philox_many(rng, path, first_block + b0, nb, w);
    soso__philox_normals(isa, w, nb, out + 4 * b0); /* words to normals in vector registers */
  }
}

void soso_rng_normal4(const soso_rng *rng, uint64_t path, uint64_t block, double out[4]) {
  soso_rng_normal_blocks(rng, path, block, 1, out);
}

void soso_rng_normals(const soso_rng *rng, uint64_t path, uint64_t first_block, double *out,
                      size_t n) {
  size_t full = n / 4;
  if (full) soso_rng_normal_blocks(rng, path, first_block, full, out);
  if (n % 4) {
    double z[4];
    soso_rng_normal_blocks(rng, path, first_block + full, 1, z);
    for (size_t i = 0; i < n % 4; i++) out[4 * full + i] = z[i];
  }
}

const char *soso_rng_isa(void) { return soso__vmath_name(SOSO_ISA_AUTO); }
