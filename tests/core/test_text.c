/* test_text.c - "did you mean" (suggest.c), name folding, display width and plain
 * numbers (text.c), and the one data-folder lookup (datadir.c). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/data.h"
#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/suggest.h"
#include "soso/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_distance(void **state) {
  (void)state;
  assert_int_equal(soso_suggest_distance("screen", "screen"), 0);
  assert_int_equal(soso_suggest_distance("scren", "screen"), 1);     /* deletion */
  assert_int_equal(soso_suggest_distance("sreecn", "screen"), 2);    /* two transpositions */
  assert_int_equal(soso_suggest_distance("commodty", "commodity"), 1);
  assert_int_equal(soso_suggest_distance("Screen", "screen"), 0);    /* ASCII case folded */
  assert_int_equal(soso_suggest_distance("", "abc"), 3);
}

static void test_suggest(void **state) {
  (void)state;
  const char *cmds[] = {"deposits", "screen", "districts", "map", "prices", NULL};
  assert_string_equal(soso_suggest("scren", cmds, 0), "screen");
  assert_string_equal(soso_suggest("distrcts", cmds, 0), "districts");
  assert_string_equal(soso_suggest("mpa", cmds, 0), "map");
  assert_null(soso_suggest("report", cmds, 0));   /* nothing close */
  assert_null(soso_suggest("screen", cmds, 0));   /* an exact word is not a suggestion */
  assert_null(soso_suggest("xyz", cmds, 0));
  char out[32], hint[64];
  assert_string_equal(soso_suggest_list(out, sizeof out, "jsno", "table|csv|json|geojson"), "json");
  assert_null(soso_suggest_list(out, sizeof out, "pdf", "table|csv|json"));
  const char *keys[] = {"name", "reserve_t", "capacity_tpy", NULL};
  assert_string_equal(soso_suggest_hint(hint, sizeof hint, "reserv_t", keys),
                      " (did you mean \"reserve_t\"?)");
  assert_string_equal(soso_suggest_hint(hint, sizeof hint, "colour", keys), "");
}

static void test_spelling(void **state) {
  (void)state;
  char b[64];
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "optimized"), "optimised");
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "optimize"), "optimise");
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "normalization"), "normalisation");
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "analyze"), "analyse");
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "optimised"), "optimised");
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "size"), "size"); /* not an -ize verb */
  assert_string_equal(soso_suggest_spelling_british(b, sizeof b, "prize"), "prize");
}

static void test_fold(void **state) {
  (void)state;
  char *a = soso_text_fold("Trep\xc4\x8d" "a", 1), *b = soso_text_fold("TREPCA", 1);
  assert_string_equal(a, "trepca");
  assert_string_equal(b, "trepca");
  free(a);
  free(b);
  a = soso_text_fold("V\xc3\xa1" "dd\xc3\xa1s (N)", 1);
  assert_string_equal(a, "vaddasn");
  free(a);
  a = soso_text_fold("Stra\xc3\x9f" "e", 0); /* sharp s case-folds to ss */
  assert_string_equal(a, "strasse");
  free(a);
  a = soso_text_fold("P\xe9" "rez", 1); /* Latin-1 byte read as e-acute */
  assert_string_equal(a, "perez");
  free(a);
  assert_true(soso_text_same("Petikn\xc3\xa4s", "petiknas"));
  assert_false(soso_text_same("Trepca", "Trepce"));
  assert_true(soso_text_contains("Trep\xc4\x8d" "a mine", "TREPCA"));
}

static void test_width(void **state) {
  (void)state;
  assert_int_equal(soso_text_width("Petikn\xc3\xa4s N"), 10); /* 11 bytes, 10 columns */
  assert_int_equal(soso_text_width("e\xcc\x81"), 1);          /* e + combining acute */
  assert_int_equal(soso_text_width("\xe4\xb8\xad"), 2);       /* a wide CJK character */
  char clip[64];
  assert_string_equal(soso_text_clip(clip, sizeof clip, "Petikn\xc3\xa4s N", 8),
                      "Petikn\xc3\xa4\xe2\x80\xa6");
  assert_int_equal(soso_text_width(clip), 8);
  assert_string_equal(soso_text_clip(clip, sizeof clip, "short", 8), "short");
}

static void test_numbers(void **state) {
  (void)state;
  char b[64];
  assert_string_equal(soso_text_number(b, sizeof b, 805312.4, 0, ","), "805,312");
  assert_string_equal(soso_text_number(b, sizeof b, -1234567.891, 2, ","), "-1,234,567.89");
  assert_string_equal(soso_text_number(b, sizeof b, 999.5, 0, ","), "1,000");
  assert_string_equal(soso_text_number(b, sizeof b, -0.001, 1, ","), "0.0");
  assert_string_equal(soso_text_number(b, sizeof b, 1e15, 0, " "), "1 000 000 000 000 000");
  assert_string_equal(soso_text_number(b, sizeof b, NAN, 0, ","), "-");
  assert_string_equal(soso_text_sig(b, sizeof b, 805312.4, 4, ","), "805,300");
  assert_string_equal(soso_text_sig(b, sizeof b, 12000000, 6, ","), "12,000,000");
  assert_string_equal(soso_text_sig(b, sizeof b, 0.012345, 3, ","), "0.0123");
  assert_string_equal(soso_text_sig(b, sizeof b, -23546000, 4, ","), "-23,550,000");
  assert_null(strchr(soso_text_sig(b, sizeof b, 8.053e5, 4, ","), 'e'));
}

/* The lookup order: option, environment, beside the program, installed, build tree;
 * a named folder that does not hold is an error naming it. */
static void test_datadir(void **state) {
  (void)state;
  char out[4096], tmpl[] = "/tmp/soso-datadir-XXXXXX";
  const char *tmp = mkdtemp(tmpl);
  assert_non_null(tmp);
  char good[4200], marker[4300];
  snprintf(good, sizeof good, "%s/data", tmp);
  snprintf(marker, sizeof marker, "%s/impacts", good);
  assert_int_equal(mkdir(good, 0700), 0);
  assert_int_equal(mkdir(marker, 0700), 0);
  snprintf(marker, sizeof marker, "%s/impacts/rules.yaml", good);
  FILE *f = fopen(marker, "w");
  assert_non_null(f);
  fclose(f);

  unsetenv("SOSO_DATA_DIR");
  /* from the build tree (tests run there): the source's data/, unless a soso is
   * installed on this machine (the installed path comes first) */
  assert_int_equal(soso_data_dir_find(out, sizeof out, NULL), 0);
  assert_true(strcmp(out, SOSO_SOURCE_DIR "/data") == 0 || strstr(out, "share/soso"));
  assert_non_null(soso_data_dir());
  /* the environment wins over the build tree */
  setenv("SOSO_DATA_DIR", good, 1);
  assert_int_equal(soso_data_dir_find(out, sizeof out, NULL), 0);
  assert_string_equal(out, good);
  char p[4200];
  assert_string_equal(soso_data_path(p, sizeof p, "presets.yaml"),
                      (snprintf(marker, sizeof marker, "%s/presets.yaml", good), marker));
  /* the option wins over the environment */
  assert_int_equal(soso_data_dir_find(out, sizeof out, SOSO_SOURCE_DIR "/data"), 0);
  assert_string_equal(out, SOSO_SOURCE_DIR "/data");
  /* named folders that do not hold are errors, not silent fall-throughs */
  assert_int_equal(soso_data_dir_find(out, sizeof out, tmp), SOSO_ENOTFOUND);
  assert_non_null(strstr(soso_error_last(), "no impacts/rules.yaml in it"));
  setenv("SOSO_DATA_DIR", "/nonexistent/soso", 1);
  assert_int_equal(soso_data_dir_find(out, sizeof out, NULL), SOSO_ENOTFOUND);
  assert_non_null(strstr(soso_error_last(), "SOSO_DATA_DIR=/nonexistent/soso: no such folder"));
  assert_null(soso_data_dir());
  unsetenv("SOSO_DATA_DIR");
  remove(p);
  snprintf(marker, sizeof marker, "%s/impacts/rules.yaml", good);
  remove(marker);
  snprintf(marker, sizeof marker, "%s/impacts", good);
  rmdir(marker);
  rmdir(good);
  rmdir(tmp);
}

/* Point in polygon on the shipped boundaries: Trepca is in Kosovo, Veliki Majdan
 * in Serbia, Olovo in Bosnia; the sea is in no country. */
static void test_borders(void **state) {
  (void)state;
  soso_borders *b = NULL;
  char path[4200], cc[3];
  snprintf(path, sizeof path, "%s/%s", SOSO_SOURCE_DIR "/data", SOSO_BORDERS_FILE);
  assert_int_equal(soso_deposits_borders_load(&b, path), 0);
  assert_int_equal(soso_deposits_borders_country(b, cc, 42.934, 20.921), 0);
  assert_string_equal(cc, "XK");
  assert_int_equal(soso_deposits_borders_country(b, cc, 44.271, 19.341), 0);
  assert_string_equal(cc, "RS");
  assert_int_equal(soso_deposits_borders_country(b, cc, 44.152, 18.368), 0);
  assert_string_equal(cc, "BA");
  assert_int_equal(soso_deposits_borders_country(b, cc, 65.087, 18.520), 0);
  assert_string_equal(cc, "SE");
  assert_int_equal(soso_deposits_borders_country(b, cc, 43.0, 5.0), 0); /* Gulf of Lion */
  assert_string_equal(cc, "");
  soso_deposits_borders_free(b);
  soso_deposits_borders_free(NULL);
  assert_int_equal(soso_deposits_borders_load(&b, "/nonexistent.geojson"), SOSO_EIO);
  assert_null(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_distance), cmocka_unit_test(test_suggest),
      cmocka_unit_test(test_spelling), cmocka_unit_test(test_fold),
      cmocka_unit_test(test_width),    cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_datadir),  cmocka_unit_test(test_borders),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
