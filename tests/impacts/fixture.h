/* fixture.h - helpers shared by the impacts tests: temporary input files written in
 * the build directory and an expectation on the one-line error message. */
#ifndef SOSO_TESTS_IMPACTS_FIXTURE_H
#define SOSO_TESTS_IMPACTS_FIXTURE_H

#include "soso/error.h"

#include <stdio.h>
#include <string.h>

/* Writes text to path (in the test's working directory, the build dir). */
static inline void fx_write(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* Asserts rc is a data error and the message contains every fragment. */
static inline void fx_expect(int rc, const char *frag1, const char *frag2) {
  if (rc != SOSO_EDATA || !strstr(soso_error_last(), frag1) ||
      (frag2 && !strstr(soso_error_last(), frag2))) {
    print_error("rc %d, message \"%s\", wanted \"%s\"%s%s\n", rc, soso_error_last(), frag1,
                frag2 ? " and " : "", frag2 ? frag2 : "");
    fail();
  }
}

/* Copy of src with the first occurrence of from replaced by to (static buffer). */
static inline const char *fx_replace(const char *src, const char *from, const char *to) {
  static char buf[131072];
  const char *p = strstr(src, from);
  if (!p) print_error("fixture text not found: \"%s\"\n", from);
  assert_non_null(p);
  size_t a = (size_t)(p - src);
  assert_true(strlen(src) - strlen(from) + strlen(to) < sizeof buf);
  memcpy(buf, src, a);
  strcpy(buf + a, to);
  strcat(buf, p + strlen(from));
  return buf;
}

#endif
