/* text.c - name folding, display width and plain numbers (see soso/text.h), on
 * utf8proc so that Unicode tables are not copied into this project. */
#define _POSIX_C_SOURCE 200809L
#include "soso/text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* s as valid UTF-8: invalid bytes are taken as Latin-1 (the sources' other
 * encoding). New string. */
static char *as_utf8(const char *s) {
  size_t n = strlen(s);
  if (utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, NULL, 0, 0) >= 0)
    return strdup(s);
  char *o = malloc(2 * n + 1), *w = o;
  if (!o) return NULL;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x80) *w++ = (char)*p;
    else {
      *w++ = (char)(0xc0 | (*p >> 6));
      *w++ = (char)(0x80 | (*p & 0x3f));
    }
  }
  *w = '\0';
  return o;
}

char *soso_text_fold(const char *s, int alnum_only) {
  char *u = as_utf8(s ? s : "");
  if (!u) return NULL;
  utf8proc_uint8_t *f = NULL;
  utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)u, 0, &f,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  free(u);
  if (len < 0) return NULL;
  if (!alnum_only) return (char *)f;
  /* keep letters and digits (by Unicode category), in place */
  utf8proc_uint8_t *r = f, *w = f;
  while (*r) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(r, -1, &cp);
    if (k <= 0) break;
    utf8proc_category_t cat = utf8proc_category(cp);
    int keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
               (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
    if (keep) {
      memmove(w, r, (size_t)k);
      w += k;
    }
    r += k;
  }
  *w = '\0';
  return (char *)f;
}

int soso_text_same(const char *a, const char *b) {
  char *fa = soso_text_fold(a, 0), *fb = soso_text_fold(b, 0);
  int same = fa && fb && strcmp(fa, fb) == 0;
  free(fa);
  free(fb);
  return same;
}

int soso_text_contains(const char *hay, const char *needle) {
  char *fh = soso_text_fold(hay, 0), *fn = soso_text_fold(needle, 0);
  int in = fh && fn && strstr(fh, fn) != NULL;
  free(fh);
  free(fn);
  return in;
}

size_t soso_text_width(const char *s) {
  size_t w = 0;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
  while (*p) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
    if (k <= 0) { /* an invalid byte: one column */
      w++;
      p++;
      continue;
    }
    int cw = utf8proc_charwidth(cp);
    w += cw > 0 ? (size_t)cw : 0;
    p += k;
  }
  return w;
}

size_t soso_text_pad(FILE *f, const char *s, size_t width) {
  size_t w = soso_text_width(s);
  fputs(s ? s : "", f);
  for (; w < width; w++) fputc(' ', f);
  return w;
}

size_t soso_text_rpad(FILE *f, const char *s, size_t width) {
  size_t w = soso_text_width(s);
  for (size_t k = w; k < width; k++) fputc(' ', f);
  fputs(s ? s : "", f);
  return w > width ? w : width;
}

const char *soso_text_number(char *out, size_t n, double v, int decimals, const char *sep) {
  if (!out || n == 0) return out;
  if (!isfinite(v)) {
    snprintf(out, n, "-");
    return out;
  }
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  char digits[400];
  snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
  if (strspn(digits, "0.") == strlen(digits)) v = 0; /* no "-0" */
  const char *dot = strchr(digits, '.');
  size_t ni = dot ? (size_t)(dot - digits) : strlen(digits), len = 0;
  size_t ls = sep ? strlen(sep) : 0;
  char buf[512];
  if (v < 0) buf[len++] = '-';
  for (size_t k = 0; k < ni && len + ls + 2 < sizeof buf; k++) {
    if (k > 0 && (ni - k) % 3 == 0 && ls) {
      memcpy(buf + len, sep, ls);
      len += ls;
    }
    buf[len++] = digits[k];
  }
  buf[len] = '\0';
  snprintf(out, n, "%s%s", buf, dot ? dot : "");
  return out;
}

const char *soso_text_sig(char *out, size_t n, double v, int sig, const char *sep) {
  if (!isfinite(v) || v == 0) return soso_text_number(out, n, v, 0, sep);
  if (sig < 1) sig = 1;
  int mag = (int)floor(log10(fabs(v))); /* v = d.ddd x 10^mag */
  int decimals = sig - 1 - mag;
  if (decimals <= 0) {
    double unit = pow(10, -decimals);
    return soso_text_number(out, n, round(v / unit) * unit, 0, sep);
  }
  soso_text_number(out, n, v, decimals > 9 ? 9 : decimals, sep);
  size_t len = strlen(out); /* 6.00 -> 6, 0.650 -> 0.65 */
  while (len > 0 && out[len - 1] == '0') out[--len] = '\0';
  if (len > 0 && out[len - 1] == '.') out[--len] = '\0';
  return out;
}

const char *soso_text_clip(char *out, size_t n, const char *s, size_t width) {
  if (!out || n == 0) return out;
  s = s ? s : "";
  if (soso_text_width(s) <= width) {
    snprintf(out, n, "%s", s);
    return out;
  }
  static const char ell[] = "\xe2\x80\xa6"; /* U+2026, one column */
  size_t w = 0, len = 0;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (p[len]) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + len, -1, &cp);
    size_t step = k > 0 ? (size_t)k : 1;
    int cw = k > 0 ? utf8proc_charwidth(cp) : 1;
    if (w + (size_t)(cw > 0 ? cw : 0) + 1 > width || len + step + sizeof ell > n) break;
    w += (size_t)(cw > 0 ? cw : 0);
    len += step;
  }
  memcpy(out, s, len);
  memcpy(out + len, ell, sizeof ell);
  return out;
}
