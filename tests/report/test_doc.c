/* test_doc.c - the report document: HTML and PDF carry the same blocks, outputs
 * are atomic, bad figures are refused. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/afile.h"
#include "soso/doc.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void make_png(const char *path, int w, int h) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0.2, 0.5, 0.8);
  cairo_paint(cr);
  cairo_destroy(cr);
  assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
}

static soso_doc *sample(size_t paras) {
  soso_doc *d = NULL;
  assert_int_equal(soso_doc_new(&d, "Drina <district> & report", "a test"), SOSO_OK);
  soso_doc_heading(d, 1, "Summary");
  soso_doc_callout(d, SOSO_CALLOUT_SUMMARY, "What would happen", "Jobs for 4.5 years.");
  soso_doc_callout(d, SOSO_CALLOUT_ASSUMPTION, "Assumption", "Grade 6.2 % Zn is assumed.");
  const char *items[] = {"first", "second \u2013 with a dash"};
  soso_doc_bullets(d, items, 2);
  const char *hdr[] = {"site", "value (EUR m)"};
  const char *cells[] = {"Olovo", "12.5", "Gorazde", "-3.25"};
  soso_doc_table(d, "Values", 2, hdr, 2, cells);
  assert_int_equal(soso_doc_figure(d, "test_doc_fig.png", "A figure"), SOSO_OK);
  for (size_t i = 0; i < paras; i++)
    soso_doc_paraf(d, "Paragraph %zu: the mine switches on when the zinc price is favourable "
                      "and off when it is not; the workforce follows.", i);
  return d;
}

static void test_html_and_pdf(void **state) {
  (void)state;
  make_png("test_doc_fig.png", 640, 400);
  soso_doc *d = sample(3);
  assert_int_equal(soso_doc_count(d), 9);
  assert_int_equal(soso_doc_write_html(d, "test_doc.html"), SOSO_OK);
  assert_int_equal(soso_doc_write_pdf(d, "test_doc.pdf"), SOSO_OK);
  soso_doc_free(d);
  char *html = NULL;
  size_t n = 0;
  assert_int_equal(soso_afile_read_file(&html, &n, "test_doc.html"), SOSO_OK);
  assert_non_null(strstr(html, "Drina &lt;district&gt; &amp; report"));
  assert_non_null(strstr(html, "data:image/png;base64,iVBORw0KGgo")); /* inline PNG */
  /* numbers right-aligned; every cell names its column for the phone layout */
  assert_non_null(strstr(html, "<td class=\"n\" data-label=\"value (EUR m)\">12.5</td>"));
  assert_non_null(strstr(html, "<thead><tr><th>"));
  assert_null(strstr(html, "http://")); /* self-contained: no network */
  free(html);
  char *pdf = NULL;
  assert_int_equal(soso_afile_read_file(&pdf, &n, "test_doc.pdf"), SOSO_OK);
  assert_memory_equal(pdf, "%PDF", 4);
  free(pdf);
}

/* Many paragraphs must flow onto more pages, and the page count grows with
 * content (counted by pdfinfo, an independent reader). */
static int pdf_pages(const char *path) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "pdfinfo %s 2>/dev/null | awk '/^Pages:/{print $2}'", path);
  FILE *f = popen(cmd, "r");
  int pages = -1;
  if (f) {
    if (fscanf(f, "%d", &pages) != 1) pages = -1;
    pclose(f);
  }
  return pages;
}

static void test_pagination(void **state) {
  (void)state;
  make_png("test_doc_fig.png", 640, 400);
  soso_doc *d = sample(2);
  assert_int_equal(soso_doc_write_pdf(d, "test_doc_short.pdf"), SOSO_OK);
  soso_doc_free(d);
  d = sample(200);
  assert_int_equal(soso_doc_write_pdf(d, "test_doc_long.pdf"), SOSO_OK);
  soso_doc_free(d);
  int short_pages = pdf_pages("test_doc_short.pdf"), long_pages = pdf_pages("test_doc_long.pdf");
  assert_int_equal(short_pages, 1);
  assert_true(long_pages >= 5);
}

/* The darkest grey level (0 black .. 255 white) in rows y0..y1 of page `page` of a
 * PDF rendered at 72 dpi in grey by pdftoppm (1 px per pt); -1 on failure. */
static int darkest(const char *pdf, int page, int y0, int y1) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdftoppm -gray -r 72 -f %d -l %d %s 2>/dev/null", page, page, pdf);
  FILE *f = popen(cmd, "r");
  if (!f) return -1;
  int w = 0, h = 0, max = 0, dark = 256;
  if (fscanf(f, "P5 %d %d %d", &w, &h, &max) == 3 && fgetc(f) != EOF && w > 0 && h > y1) {
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        int c = fgetc(f);
        if (c == EOF) break;
        if (y >= y0 && y <= y1 && x >= 56 && x < w - 56 && c < dark) dark = c;
      }
  }
  pclose(f);
  return dark == 256 ? -1 : dark;
}

/* Issue 11: the first line after a page break printed grey, because the footer of
 * the new page set the grey of its text and the paragraph went on with it. Long
 * paragraphs break across pages; the first text line of every page must be as dark
 * as body text (0.1 -> level 26), not footer grey (0.45 -> 115). The bound 80 lies
 * between the two with room for anti-aliasing. */
static void test_no_grey_after_break(void **state) {
  (void)state;
  soso_doc *d = NULL;
  assert_int_equal(soso_doc_new(&d, "Grey", NULL), SOSO_OK);
  for (int i = 0; i < 60; i++)
    soso_doc_paraf(d, "Paragraph %d is long enough to take four or five lines of the page, so "
                      "that page breaks fall inside paragraphs and not only between them: the "
                      "mine switches on when the zinc price is favourable and off when it is "
                      "not, and the workforce follows it with a delay of some months, %d.", i, i);
  assert_int_equal(soso_doc_write_pdf(d, "test_doc_grey.pdf"), SOSO_OK);
  soso_doc_free(d);
  int pages = pdf_pages("test_doc_grey.pdf");
  assert_true(pages >= 4);
  for (int pg = 2; pg <= pages; pg++) {
    int dk = darkest("test_doc_grey.pdf", pg, 57, 68);
    assert_true(dk >= 0);
    if (dk > 80) fail_msg("page %d: first line is grey (darkest level %d)", pg, dk);
  }
}

/* The PDF has an outline (bookmarks) with one entry per heading, a table of
 * contents, and "page N of M" footers. */
static void test_outline_and_contents(void **state) {
  (void)state;
  make_png("test_doc_fig.png", 640, 400);
  soso_doc *d = NULL;
  assert_int_equal(soso_doc_new(&d, "Outline", NULL), SOSO_OK);
  const char *names[] = {"Alpha section", "Beta section", "Gamma section"};
  for (int i = 0; i < 3; i++) {
    soso_doc_heading(d, 2, names[i]);
    soso_doc_heading(d, 3, "Sub part");
    for (int k = 0; k < 20; k++) soso_doc_para(d, "Some text of the section, long enough to fill.");
  }
  assert_int_equal(soso_doc_write_pdf(d, "test_doc_outline.pdf"), SOSO_OK);
  soso_doc_free(d);
  char *pdf = NULL;
  size_t n = 0;
  assert_int_equal(soso_afile_read_file(&pdf, &n, "test_doc_outline.pdf"), SOSO_OK);
  size_t titles = 0;
  for (size_t i = 0; i + 9 < n; i++)
    if (memcmp(pdf + i, "/Title (", 8) == 0) titles++;
  assert_non_null(memmem(pdf, n, "/Outlines", 9));
  assert_non_null(memmem(pdf, n, "/Title (Beta section)", 21));
  assert_int_equal(titles, 7); /* three sections, three sub parts, and the document title */
  free(pdf);
  int pages = pdf_pages("test_doc_outline.pdf");
  char cmd[256], line[256], want[64];
  snprintf(cmd, sizeof cmd, "pdftotext -f 1 -l 1 test_doc_outline.pdf - 2>/dev/null");
  snprintf(want, sizeof want, "page 1 of %d", pages);
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  int has_toc = 0, has_foot = 0, has_entry = 0;
  while (fgets(line, sizeof line, f)) {
    has_toc |= strncmp(line, "Contents", 8) == 0;
    has_foot |= strstr(line, want) != NULL;
    has_entry |= strstr(line, "Gamma section") != NULL;
  }
  pclose(f);
  assert_true(has_toc && has_foot && has_entry);
}

static void test_errors(void **state) {
  (void)state;
  soso_doc *d = NULL;
  assert_int_equal(soso_doc_new(&d, "t", NULL), SOSO_OK);
  FILE *f = fopen("test_doc_notpng.png", "w");
  assert_non_null(f);
  fputs("not a png at all, just text", f);
  fclose(f);
  assert_int_equal(soso_doc_figure(d, "test_doc_notpng.png", "x"), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "test_doc_notpng.png"));
  assert_int_equal(soso_doc_figure(d, "no-such-file.png", "x"), SOSO_EIO);
  assert_int_equal(soso_doc_heading(d, 7, "x"), SOSO_EUSAGE);
  assert_int_equal(soso_doc_count(d), 0);
  assert_int_equal(soso_doc_write_html(d, "/nonexistent-dir/r.html"), SOSO_EIO);
  assert_int_equal(soso_doc_write_pdf(d, "/nonexistent-dir/r.pdf"), SOSO_EIO);
  soso_doc_free(d);
  soso_doc_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_html_and_pdf),
      cmocka_unit_test(test_pagination),
      cmocka_unit_test(test_no_grey_after_break),
      cmocka_unit_test(test_outline_and_contents),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
