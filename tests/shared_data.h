/* shared_data.h - tests that read ../shared/data report SKIP through CTest when
 * it is missing, never a silent pass: SOSO_NEED_SHARED(path) skips the cmocka test
 * and remembers it, and SOSO_TEST_EXIT(rc) turns a run with skipped tests into
 * exit 77, CTest's SKIP_RETURN_CODE (CMakeLists.txt). CI fails on any skip. */
#ifndef SOSO_TESTS_SHARED_DATA_H
#define SOSO_TESTS_SHARED_DATA_H

#include <stdio.h>
#include <unistd.h>

static int soso_test_skipped; /* a test of this program was skipped */

#define SOSO_NEED_SHARED(path)                                                  \
  do {                                                                          \
    if (access((path), R_OK) != 0) {                                            \
      fprintf(stderr, "SKIP: %s is missing (../shared/data)\n", (path));        \
      soso_test_skipped = 1;                                                    \
      skip();                                                                   \
    }                                                                           \
  } while (0)

#define SOSO_TEST_EXIT(rc) ((rc) != 0 ? (rc) : soso_test_skipped ? 77 : 0)

#endif
