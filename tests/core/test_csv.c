/* test_csv.c - the one CSV reader and writer (include/soso/csv.h): quoting, line
 * numbers, records of any length (the 16 KiB arena overflow of issue 12), NUL
 * bytes, separators, and the spreadsheet-formula guard of the writer. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "soso/csv.h"
#include "soso/error.h"

static soso_csv *open_text(const char *text, const soso_csv_opts *o) {
  soso_csv *r = NULL;
  assert_int_equal(soso_csv_open_mem(&r, "t.csv", text, strlen(text), o), 0);
  return r;
}

static void test_fields_and_lines(void **state) {
  (void)state;
  soso_csv *r = open_text("\xEF\xBB\xBF" "a, b ,\"c, d\"\r\n\n  \n1,\"x \"\"q\"\"\",3\n", NULL);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_line(r), 1);
  assert_int_equal(soso_csv_count(r), 3);
  assert_string_equal(soso_csv_field(r, 0), "a");
  assert_string_equal(soso_csv_field(r, 1), "b");
  assert_string_equal(soso_csv_field(r, 2), "c, d");
  assert_string_equal(soso_csv_field(r, 9), ""); /* out of range */
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_line(r), 4); /* blank lines skipped, counted */
  assert_string_equal(soso_csv_field(r, 1), "x \"q\"");
  assert_int_equal(soso_csv_next(r), 0);
  assert_int_equal(soso_csv_line(r), 5); /* the empty line after the final newline */
  soso_csv_free(r);
  soso_csv_free(NULL);
}

static void test_quote_errors(void **state) {
  (void)state;
  soso_csv *r = open_text("a,b\n1,\"open\n2,3\n", NULL);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_next(r), SOSO_EDATA);
  assert_string_equal(soso_error_last(), "t.csv:2: field 2: unterminated quote");
  soso_csv_free(r);
  r = open_text("1,\"a\"x,2\n", NULL);
  assert_int_equal(soso_csv_next(r), SOSO_EDATA);
  assert_string_equal(soso_error_last(), "t.csv:1: field 2: text after closing quote");
  soso_csv_free(r);
  /* multiline: a quoted line break is kept, the record reports its first line */
  soso_csv_opts o = SOSO_CSV_OPTS_INIT;
  o.multiline = 1;
  r = open_text("h\n\"two\nlines\",x\nnext\n", &o);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_line(r), 2);
  assert_string_equal(soso_csv_field(r, 0), "two\nlines");
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_line(r), 4);
  assert_string_equal(soso_csv_field(r, 0), "next");
  soso_csv_free(r);
}

/* Issue 12, defect 1: a record of any size, fields of 16,400 and 20,000 bytes. */
static void test_long_record(void **state) {
  (void)state;
  size_t n1 = 16400, n2 = 20000, len = n1 + n2 + 64;
  char *text = malloc(len);
  assert_non_null(text);
  size_t k = (size_t)sprintf(text, "id,name,last\n1,");
  memset(text + k, 'N', n1);
  k += n1;
  text[k++] = ',';
  memset(text + k, 'L', n2);
  k += n2;
  text[k++] = '\n';
  soso_csv *r = NULL;
  assert_int_equal(soso_csv_open_mem(&r, "big.csv", text, k, NULL), 0);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(strlen(soso_csv_field(r, 1)), n1);
  assert_int_equal(strlen(soso_csv_field(r, 2)), n2);
  soso_csv_free(r);
  free(text);
}

/* Issue 12, defect 8: a NUL byte is an error with its line, not a silent end. */
static void test_nul_byte(void **state) {
  (void)state;
  soso_csv *r = NULL;
  assert_int_equal(soso_csv_open_mem(&r, "n.csv", "a,b\n1,2\n3\0,4\n", 13, NULL), SOSO_EDATA);
  assert_null(r);
  assert_string_equal(soso_error_last(), "n.csv:3: file: NUL byte (not a text file)");
}

static void test_separator_and_comments(void **state) {
  (void)state;
  soso_csv_opts o = SOSO_CSV_OPTS_INIT;
  o.sep = 0; /* detect */
  soso_csv *r = open_text("a;b;\"c;d\"\n1;2;3\n", &o);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_sep(r), ';');
  assert_int_equal(soso_csv_count(r), 3);
  assert_string_equal(soso_csv_field(r, 2), "c;d");
  soso_csv_free(r);
  o = (soso_csv_opts)SOSO_CSV_OPTS_INIT;
  o.comments = 1;
  o.all_space = 1;
  r = open_text("# note\n\v a \f,b\n", &o);
  assert_int_equal(soso_csv_next(r), 1);
  assert_int_equal(soso_csv_line(r), 2);
  assert_string_equal(soso_csv_field(r, 0), "a");
  soso_csv_free(r);
}

static void write_to(char *buf, size_t n, const char *s, int quoted) {
  FILE *f = fmemopen(buf, n, "w");
  assert_non_null(f);
  if (quoted) soso_csv_write_quoted(f, s, ',');
  else soso_csv_write_field(f, s, ',');
  fclose(f);
}

/* Issue 12, defect 11: cells that a spreadsheet would run as formulas. */
static void test_writer(void **state) {
  (void)state;
  char buf[256];
  write_to(buf, sizeof buf, "plain", 0);
  assert_string_equal(buf, "plain");
  write_to(buf, sizeof buf, "a,\"b\"", 0);
  assert_string_equal(buf, "\"a,\"\"b\"\"\"");
  write_to(buf, sizeof buf, "=HYPERLINK(\"http://x\",\"y\")", 0);
  assert_string_equal(buf, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  write_to(buf, sizeof buf, "@SUM(A1)", 0);
  assert_string_equal(buf, "\"'@SUM(A1)\"");
  write_to(buf, sizeof buf, "+1+cmd", 0);
  assert_string_equal(buf, "\"'+1+cmd\"");
  write_to(buf, sizeof buf, "-3.5", 0); /* a number is not a formula */
  assert_string_equal(buf, "-3.5");
  write_to(buf, sizeof buf, "src.csv", 1);
  assert_string_equal(buf, "\"src.csv\"");
  assert_int_equal(soso_csv_is_formula("-2e3"), 0);
  assert_int_equal(soso_csv_is_formula("-x"), 1);
  assert_int_equal(soso_csv_is_formula(""), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fields_and_lines), cmocka_unit_test(test_quote_errors),
      cmocka_unit_test(test_long_record),      cmocka_unit_test(test_nul_byte),
      cmocka_unit_test(test_separator_and_comments), cmocka_unit_test(test_writer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
