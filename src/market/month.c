/* month.c - months as consecutive integers (12 * year + month - 1).
 *
 * Accepts the ISO form YYYY-MM (and a date YYYY-MM-DD, day ignored: prices are
 * monthly averages) and the World Bank Pink Sheet form YYYYMmm.
 */
#include "soso/error.h"
#include "soso/market.h"

#include <ctype.h>
#include <string.h>

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int soso_market_month_parse(int *out, const char *s) {
  int y, m, d;
  size_t len = strlen(s);
  if (len < 7 || digits(s, 4, &y) < 0) return SOSO_EDATA;
  if (s[4] != '-' && s[4] != 'M' && s[4] != 'm') return SOSO_EDATA;
  if (digits(s + 5, 2, &m) < 0) return SOSO_EDATA;
  if (len == 10 && s[4] == '-') {
    if (s[7] != '-' || digits(s + 8, 2, &d) < 0 || d < 1 || d > 31) return SOSO_EDATA;
  } else if (len != 7) {
    return SOSO_EDATA;
  }
  if (y < 1000 || y > 2999 || m < 1 || m > 12) return SOSO_EDATA;
  *out = 12 * y + m - 1;
  return SOSO_OK;
}

void soso_market_month_format(char buf[8], int month) {
  int y = month / 12, m = month % 12 + 1;
  if (month < 0 || y > 9999) {
    memcpy(buf, "?", 2);
    return;
  }
  /* Digits by hand: the ranges are known, and snprintf's truncation warning
   * cannot see them. */
  buf[0] = (char)('0' + y / 1000);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '\0';
}
