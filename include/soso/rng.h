/* rng.h - counter-based random numbers (Philox4x64-10, Random123).
 *
 * A generator is a value, not hidden state: the numbers for (seed, stream, path,
 * block) are a pure function of those four integers. Path i therefore gets the
 * same numbers whichever thread or process draws it, and a Monte Carlo result
 * does not depend on the number of threads. Salmon et al. (2011), "Parallel
 * random numbers: as easy as 1, 2, 3", SC'11.
 *
 * Streams keep independent uses apart (say, price shocks and the bootstrap of an
 * estimator) under one user seed; the seed goes into every output that uses it.
 */
#ifndef SOSO_RNG_H
#define SOSO_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_rng {
  uint64_t seed;   /* the user's seed (Philox key word 0) */
  uint64_t stream; /* which use of the seed (Philox key word 1) */
} soso_rng;

/* Streams used by the library; callers may use values >= 1000 for their own. */
enum {
  SOSO_STREAM_PRICES = 1,    /* price-path shocks */
  SOSO_STREAM_SAMPLING = 2,  /* resampling / bootstraps */
  SOSO_STREAM_OPERATIONS = 3 /* operational randomness (hiring, accidents) */
};

static inline soso_rng soso_rng_make(uint64_t seed, uint64_t stream) {
  soso_rng r = {seed, stream};
  return r;
}

/* Four uniforms in (0, 1) with 53 random bits, for (path, block). */
void soso_rng_uniform4(const soso_rng *rng, uint64_t path, uint64_t block, double out[4]);

/* Four independent standard normals for (path, block): Box-Muller on the lane
 * pairs (0,1) and (2,3) of one Philox block, r = sqrt(-2 log u0), angle 2 pi u1,
 * evaluated by SLEEF's vector log and sincospi (see the accuracy note below). */
void soso_rng_normal4(const soso_rng *rng, uint64_t path, uint64_t block, double out[4]);

/* n standard normals for one path: element k comes from block first_block + k/4,
 * lane k%4, so a path's numbers are the same however they are fetched in
 * multiples of 4. */
void soso_rng_normals(const soso_rng *rng, uint64_t path, uint64_t first_block, double *out,
                      size_t n);

/* The normals of n_blocks whole blocks: out[4k + lane] is lane `lane` of block
 * first_block + k (what soso_rng_normal4 gives for that block). The fast way to
 * fetch many: Philox blocks are computed several at a time (independent
 * multiply chains interleaved) and transformed by vector code. out holds
 * 4 * n_blocks doubles. */
void soso_rng_normal_blocks(const soso_rng *rng, uint64_t path, uint64_t first_block,
                            size_t n_blocks, double *out);

/* Which vector instruction set the normals and the simulators' exp use on this CPU:
 * "avx512", "avx2" or "sse2" (chosen at run time from cpuid; one binary runs on any
 * x86-64). Same seed, same numbers for any thread count, always. Across machines:
 * AVX2 and AVX-512 give bit-identical numbers; the SSE2 fallback (CPUs without
 * AVX2/FMA) may differ from them in the last bits (within 10 ulp, tested), because
 * SLEEF's FMA and non-FMA kernels round differently. */
const char *soso_rng_isa(void);

#ifdef __cplusplus
}
#endif
#endif
