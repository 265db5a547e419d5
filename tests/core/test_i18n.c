/* test_i18n.c - language names, the one-time gettext setup, and numbers and dates
 * written for each language (src/core/i18n.c). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n_int.h"
#include "soso/error.h"
#include "soso/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_canonical(void **state) {
  (void)state;
  assert_string_equal(soso_i18n_canonical("bs_BA.UTF-8"), "bs");
  assert_string_equal(soso_i18n_canonical("hr-HR"), "hr");
  assert_string_equal(soso_i18n_canonical("sr_RS"), "sr");
  assert_string_equal(soso_i18n_canonical("sr_RS@latin"), "sr@latin");
  assert_string_equal(soso_i18n_canonical("sr-Latn"), "sr@latin");
  assert_string_equal(soso_i18n_canonical("en_GB.UTF-8"), "en");
  assert_string_equal(soso_i18n_canonical("C"), "en");
  assert_null(soso_i18n_canonical("de_DE"));
  assert_null(soso_i18n_canonical("bsx"));
  assert_null(soso_i18n_canonical(""));
  assert_string_equal(soso_i18n_html_lang("sr"), "sr-Cyrl");
  assert_string_equal(soso_i18n_html_lang("sr@latin"), "sr-Latn");
  assert_string_equal(soso_i18n_html_lang("bs"), "bs");
}

static void test_from_env(void **state) {
  (void)state;
  setenv("LANGUAGE", "de:hr_HR", 1); /* first supported entry of the list */
  assert_string_equal(soso_i18n_from_env(), "hr");
  unsetenv("LANGUAGE");
  setenv("LC_ALL", "sr_RS.UTF-8@latin", 1);
  assert_string_equal(soso_i18n_from_env(), "sr@latin");
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  setenv("LANG", "de_DE.UTF-8", 1); /* unsupported: English */
  assert_string_equal(soso_i18n_from_env(), "en");
  unsetenv("LANG");
  assert_string_equal(soso_i18n_from_env(), "en");
}

/* Numbers in each language: 2.385 and 12345.678 are high-entropy values whose
 * digits show any dropped or swapped separator. */
static void test_numbers(void **state) {
  (void)state;
  char b[64];
  assert_int_equal(soso_i18n_setup("en", NULL), 0);
  soso_i18n_number(b, sizeof b, 12345.678, 1, 0);
  assert_string_equal(b, "12,345.7");
  soso_i18n_number(b, sizeof b, 2.385, 2, 0);
  assert_string_equal(b, "2.38"); /* binary 2.385 is 2.38499..., printf rounds down */
  soso_i18n_number(b, sizeof b, 1500, 0, 0); /* four digits: not grouped */
  assert_string_equal(b, "1500");
  soso_i18n_number(b, sizeof b, -1234567.0, 0, 0);
  assert_string_equal(b, "-1,234,567");
  soso_i18n_number(b, sizeof b, -0.04, 1, 0); /* rounds to zero: no sign */
  assert_string_equal(b, "0.0");
  soso_i18n_number(b, sizeof b, 20261, 0, SOSO_NUM_NOGROUP);
  assert_string_equal(b, "20261");
  soso_i18n_date(b, sizeof b, 2026, 12, 2);
  assert_string_equal(b, "2 December 2026");

  const char *dir = SOSO_BINARY_DIR "/locale";
  assert_int_equal(soso_i18n_setup("bs_BA", dir), 0);
  assert_string_equal(soso_i18n_lang(), "bs");
  soso_i18n_number(b, sizeof b, 12345.678, 1, 0);
  assert_string_equal(b, "12.345,7");
  soso_i18n_number(b, sizeof b, 2.385, 3, 0);
  assert_string_equal(b, "2,385");
  soso_i18n_date(b, sizeof b, 2026, 12, 2);
  assert_string_equal(b, "2. decembar 2026.");
  /* the catalog is in use */
  assert_string_equal(_("Contents"), "Sadržaj");

  assert_int_equal(soso_i18n_setup("hr", dir), 0);
  soso_i18n_date(b, sizeof b, 2026, 3, 1);
  assert_string_equal(b, "1. ožujka 2026.");
  assert_string_equal(_("Contents"), "Sadržaj");
  soso_i18n_number(b, sizeof b, 600000.5, 1, 0);
  assert_string_equal(b, "600.000,5");

  assert_int_equal(soso_i18n_setup("sr", dir), 0);
  assert_string_equal(_("Contents"), "Садржај");
  assert_int_equal(soso_i18n_setup("sr@latin", dir), 0);
  assert_string_equal(_("Contents"), "Sadržaj");
  assert_string_equal(_("page %d of %d"), "strana %d od %d");

  /* errors: an unknown language, a missing catalog; English needs none */
  assert_int_equal(soso_i18n_setup("de", dir), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "\"de\""));
  assert_int_equal(soso_i18n_setup("bs", "/nonexistent"), SOSO_ENOTFOUND);
  assert_non_null(strstr(soso_error_last(), "/nonexistent/bs/LC_MESSAGES/soso.mo"));
  assert_int_equal(soso_i18n_setup("en", "/nonexistent"), 0);
  assert_string_equal(_("Contents"), "Contents");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_canonical),
      cmocka_unit_test(test_from_env),
      cmocka_unit_test(test_numbers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
