/* vmath_kern.h - the kernel bodies of vmath_int.h, written once and included by each
 * per-ISA file with its vector type and SLEEF function names defined:
 *   VT (vector type), VW (lanes), VLOAD/VSTORE (unaligned), VSET1, VADD, VMUL, VSQRT,
 *   VLOG, VEXP, VSINCOSPI (returns a struct with .x = sin, .y = cos), KNAME(suffix);
 *   and for float: VTF, VWF (lanes), VLOADF/VSTOREF, VEXPF;
 *   for the Philox normals: VSUB, VUNPLOD/VUNPHID (interleave doubles within 128-bit
 *   lanes), and the 64-bit integer vector VI with VLOADI, VSET1I, VSRLI (shift right),
 *   VANDI, VORI, VCASTD (reinterpret as double), VUNPLOI/VUNPHII.
 * Tails shorter than a vector go through a padded copy, so every element, tail or
 * not, is computed by the same vector code (a tail never changes a bit).
 */
void KNAME(soso__vexp_)(double *x, size_t n) {
  size_t i = 0;
  for (; i + VW <= n; i += VW) VSTORE(x + i, VEXP(VLOAD(x + i)));
  if (i < n) {
    double t[VW] = {0};
    for (size_t k = 0; k < n - i; k++) t[k] = x[i + k];
    VSTORE(t, VEXP(VLOAD(t)));
    for (size_t k = 0; k < n - i; k++) x[i + k] = t[k];
  }
}

void KNAME(soso__vexpf_)(float *x, size_t n) {
  size_t i = 0;
  for (; i + VWF <= n; i += VWF) VSTOREF(x + i, VEXPF(VLOADF(x + i)));
  if (i < n) {
    float t[VWF] = {0};
    for (size_t k = 0; k < n - i; k++) t[k] = x[i + k];
    VSTOREF(t, VEXPF(VLOADF(t)));
    for (size_t k = 0; k < n - i; k++) x[i + k] = t[k];
  }
}

/* Box-Muller in registers, the one place its arithmetic is written: r = sqrt(-2 log
 * u0), zc = r cos(2 pi u1), zs = r sin(2 pi u1). */
static inline void KNAME(bmv_)(VT u0, VT u1, VT *zc, VT *zs) {
  VT r = VSQRT(VMUL(VSET1(-2.0), VLOG(u0)));
  VSC sc = VSINCOSPI(VADD(u1, u1));
  *zc = VMUL(r, sc.y);
  *zs = VMUL(r, sc.x);
}

static inline void KNAME(bm_)(const double *u0, const double *u1, double *zc, double *zs) {
  VT c, s;
  KNAME(bmv_)(VLOAD(u0), VLOAD(u1), &c, &s);
  VSTORE(zc, c);
  VSTORE(zs, s);
}

void KNAME(soso__box_muller_)(const double *u0, const double *u1, double *zc, double *zs,
                              size_t m) {
  size_t i = 0;
  for (; i + VW <= m; i += VW) KNAME(bm_)(u0 + i, u1 + i, zc + i, zs + i);
  if (i < m) {
    double a[VW], b[VW], c[VW], s[VW];
    for (size_t k = 0; k < VW; k++) a[k] = b[k] = 0.5;
    for (size_t k = 0; k < m - i; k++) {
      a[k] = u0[i + k];
      b[k] = u1[i + k];
    }
    KNAME(bm_)(a, b, c, s);
    for (size_t k = 0; k < m - i; k++) {
      zc[i + k] = c[k];
      zs[i + k] = s[k];
    }
  }
}

/* soso__unit53 (vmath_int.h) of two, four or eight 64-bit words at once: the
 * 53-bit integer is split into its low 32 and high 21 bits, each placed in the
 * mantissa of 2^52 or 2^84 and the power subtracted (exact), and the halves added
 * (exact: the sum is below 2^53), so the double is (double)(w >> 11) exactly; then
 * the same add and multiply. (x86 has no vector u64-to-double before AVX-512DQ.) */
static inline VT KNAME(unit_)(VI w) {
  VI v = VSRLI(w, 11);
  VI lo = VANDI(v, VSET1I(0xFFFFFFFFu)), hi = VSRLI(v, 32);
  VT dl = VSUB(VCASTD(VORI(lo, VSET1I(0x4330000000000000u))), VSET1(0x1.0p52));
  VT dh = VSUB(VCASTD(VORI(hi, VSET1I(0x4530000000000000u))), VSET1(0x1.0p84));
  return VMUL(VADD(VADD(dh, dl), VSET1(0.5)), VSET1(0x1.0p-53));
}

/* 2 VW words (VW / 2 Philox blocks) to 2 VW normals in block order. Within each
 * 128-bit lane, unpacking x and y puts every block's words 0 and 2 in u0 and 1 and 3
 * in u1; unpacking the cosine and sine normals the same way puts them back in the
 * order (cos01, sin01, cos23, sin23) of each block (worked through for 2, 4 and 8
 * lanes in vmath_int.h). */
static inline void KNAME(pn_)(const uint64_t *w, double *out) {
  VI x = VLOADI(w), y = VLOADI(w + VW);
  VT zc, zs;
  KNAME(bmv_)(KNAME(unit_)(VUNPLOI(x, y)), KNAME(unit_)(VUNPHII(x, y)), &zc, &zs);
  VSTORE(out, VUNPLOD(zc, zs));
  VSTORE(out + VW, VUNPHID(zc, zs));
}

void KNAME(soso__philox_normals_)(const uint64_t *w, size_t n_blocks, double *out) {
  size_t n = 4 * n_blocks, i = 0;
  for (; i + 2 * VW <= n; i += 2 * VW) KNAME(pn_)(w + i, out + i);
  if (i < n) { /* whole blocks short of a vector pair: padded with zero words */
    uint64_t t[2 * VW] = {0};
    double o[2 * VW];
    for (size_t k = 0; k < n - i; k++) t[k] = w[i + k];
    KNAME(pn_)(t, o);
    for (size_t k = 0; k < n - i; k++) out[i + k] = o[k];
  }
}
