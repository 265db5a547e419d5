/* vmath_kern.h - the kernel bodies of vmath_int.h, written once and included by each
 * per-ISA file with its vector type and SLEEF function names defined:
 *   VT (vector type), VW (lanes), VLOAD/VSTORE (unaligned), VSET1, VADD, VMUL, VSQRT,
 *   VLOG, VEXP, VSINCOSPI (returns a struct with .x = sin, .y = cos), KNAME(suffix);
 *   and for float: VTF, VWF (lanes), VLOADF/VSTOREF, VEXPF.
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

static inline void KNAME(bm_)(const double *u0, const double *u1, double *zc, double *zs) {
  VT r = VSQRT(VMUL(VSET1(-2.0), VLOG(VLOAD(u0))));
  VT a = VLOAD(u1);
  VSC sc = VSINCOSPI(VADD(a, a));
  VSTORE(zc, VMUL(r, sc.y));
  VSTORE(zs, VMUL(r, sc.x));
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
