/* test_yaml_dups.c - issue 12, defect 2: a key given twice in a site, community or
 * rules file was accepted silently (first value wins), while mine and region files
 * rejected it. Each file kind gets the worked example with one key repeated. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "soso/community.h"
#include "soso/error.h"
#include "soso/impacts.h"
#include "soso/site.h"

#define EX SOSO_SOURCE_DIR "/examples/drina/"

/* Copies src beside the examples (so relative references resolve) with extra
 * appended, into dst. */
static void with_extra(const char *dst, const char *src, const char *extra) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cp '%s' '%s' && printf '%%s' '%s' >> '%s'", src, dst, extra, dst);
  assert_int_equal(system(cmd), 0);
}

static void test_site_dup(void **state) {
  (void)state;
  const char *p = EX ".dup-test.site.yaml";
  with_extra(p, EX "sase.site.yaml", "\nlocal_hire_share: 0.1\n");
  soso_site *s = NULL;
  assert_int_equal(soso_site_load(&s, p), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "local_hire_share: given twice (first on line"));
  soso_site_free(s);
  remove(p);
}

static void test_community_dup(void **state) {
  (void)state;
  const char *p = EX ".dup-test.community.yaml";
  with_extra(p, EX "srebrenica.community.yaml", "\nname: Other\n");
  soso_community *c = NULL;
  assert_int_equal(soso_community_load(&c, p), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "name: given twice"));
  soso_community_free(c);
  remove(p);
}

static void test_rules_dup(void **state) {
  (void)state;
  const char *p = SOSO_BINARY_DIR "/dup-test.rules.yaml";
  with_extra(p, SOSO_SOURCE_DIR "/data/impacts/rules.yaml", "\nversion: 9\n");
  soso_rules *r = NULL;
  assert_int_equal(soso_impacts_rules_load(&r, p), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "given twice"));
  soso_impacts_rules_free(r);
  remove(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_site_dup),
      cmocka_unit_test(test_community_dup),
      cmocka_unit_test(test_rules_dup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
