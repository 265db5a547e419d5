/* doc.c - building the report document (see include/soso/doc.h).
 *
 * Building never renders; html.c and pdf.c walk the same blocks so the two
 * outputs carry the same content.
 */
#include "report/doc_int.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/i18n.h"

#include <ctype.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A copy of s holding only valid UTF-8: a byte that starts no valid sequence (a
 * letter cut in half where a caller's fixed buffer truncated a translation - the
 * Cyrillic alphabet takes two bytes a letter) is left out, so the HTML and the PDF
 * (pango) never receive invalid text. */
static char *dupstr(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) return NULL;
  size_t w = 0;
  const char *q = s;
  while (*q) {
    const char *end = NULL;
    int ok = g_utf8_validate(q, -1, &end);
    memcpy(p + w, q, (size_t)(end - q));
    w += (size_t)(end - q);
    if (ok) break;
    q = end + 1; /* skip the byte that is not valid here */
  }
  p[w] = '\0';
  return p;
}

int soso_doc_new(soso_doc **out, const char *title, const char *subtitle) {
  *out = NULL;
  soso_doc *d = calloc(1, sizeof *d);
  if (!d) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  d->title = dupstr(title ? title : "");
  d->subtitle = dupstr(subtitle);
  snprintf(d->lang, sizeof d->lang, "%s", soso_i18n_lang());
  if (!d->title || (subtitle && !d->subtitle)) {
    soso_doc_free(d);
    return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  }
  *out = d;
  return SOSO_OK;
}

static void block_free(doc_block *b) {
  free(b->text);
  free(b->title);
  size_t n = b->kind == BLOCK_TABLE ? b->ncols * (b->nitems + 1) : b->nitems;
  if (b->items)
    for (size_t i = 0; i < n; i++) free(b->items[i]);
  free(b->items);
  free(b->png);
}

void soso_doc_free(soso_doc *doc) {
  if (!doc) return;
  for (size_t i = 0; i < doc->n; i++) block_free(&doc->blocks[i]);
  free(doc->blocks);
  free(doc->title);
  free(doc->subtitle);
  free(doc);
}

size_t soso_doc_count(const soso_doc *doc) { return doc->n; }

int soso_doc_set_lang(soso_doc *doc, const char *lang) {
  const char *c = soso_i18n_canonical(lang);
  if (!c) return soso_error_set(SOSO_EUSAGE, "report: language \"%s\" is not available", lang);
  snprintf(doc->lang, sizeof doc->lang, "%s", c);
  return SOSO_OK;
}

/* Appends a zeroed block of the given kind; NULL when out of memory. */
static doc_block *push(soso_doc *doc, block_kind kind) {
  if (doc->n == doc->cap) {
    size_t cap = doc->cap ? doc->cap * 2 : 32;
    doc_block *nb = realloc(doc->blocks, cap * sizeof *nb);
    if (!nb) return NULL;
    doc->blocks = nb;
    doc->cap = cap;
  }
  doc_block *b = &doc->blocks[doc->n++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  return b;
}

static int oom(soso_doc *doc) {
  block_free(&doc->blocks[--doc->n]);
  return soso_error_set(SOSO_ENOMEM, "report: out of memory");
}

int soso_doc_heading(soso_doc *doc, int level, const char *text) {
  if (level < 1 || level > 3) return soso_error_set(SOSO_EUSAGE, "report: heading level %d", level);
  doc_block *b = push(doc, BLOCK_HEADING);
  if (!b) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  b->level = level;
  if (!(b->text = dupstr(text))) return oom(doc);
  return SOSO_OK;
}

int soso_doc_para(soso_doc *doc, const char *text) {
  doc_block *b = push(doc, BLOCK_PARA);
  if (!b) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  if (!(b->text = dupstr(text))) return oom(doc);
  return SOSO_OK;
}

int soso_doc_paraf(soso_doc *doc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return soso_error_set(SOSO_EUSAGE, "report: bad format");
  char *s = malloc((size_t)n + 1);
  if (!s) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  int rc = soso_doc_para(doc, s);
  free(s);
  return rc;
}

static int copy_strings(char ***out, const char *const *src, size_t n) {
  *out = calloc(n ? n : 1, sizeof **out);
  if (!*out) return -1;
  for (size_t i = 0; i < n; i++)
    if (!((*out)[i] = dupstr(src[i] ? src[i] : ""))) return -1;
  return 0;
}

int soso_doc_bullets(soso_doc *doc, const char *const *items, size_t n) {
  doc_block *b = push(doc, BLOCK_BULLETS);
  if (!b) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  b->nitems = n;
  if (copy_strings(&b->items, items, n) < 0) return oom(doc);
  return SOSO_OK;
}

int soso_doc_callout(soso_doc *doc, soso_callout kind, const char *title, const char *text) {
  doc_block *b = push(doc, BLOCK_CALLOUT);
  if (!b) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  b->level = (int)kind;
  if (!(b->text = dupstr(text)) || (title && !(b->title = dupstr(title)))) return oom(doc);
  return SOSO_OK;
}

int soso_doc_table(soso_doc *doc, const char *caption, size_t ncols, const char *const *header,
                   size_t nrows, const char *const *cells) {
  if (ncols == 0) return soso_error_set(SOSO_EUSAGE, "report: table without columns");
  doc_block *b = push(doc, BLOCK_TABLE);
  if (!b) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  b->ncols = ncols;
  b->nitems = nrows;
  size_t total = ncols * (nrows + 1);
  b->items = calloc(total, sizeof *b->items);
  if (!b->items || !(b->text = dupstr(caption ? caption : ""))) return oom(doc);
  for (size_t i = 0; i < total; i++) {
    const char *s = i < ncols ? header[i] : cells[i - ncols];
    if (!(b->items[i] = dupstr(s ? s : ""))) return oom(doc);
  }
  return SOSO_OK;
}

/* PNG width and height from the IHDR chunk (bytes 16..23, big-endian). */
static int png_size(const unsigned char *p, size_t n, int *w, int *h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (n < 24 || memcmp(p, sig, 8) != 0 || memcmp(p + 12, "IHDR", 4) != 0) return -1;
  *w = (int)((unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19]);
  *h = (int)((unsigned)p[20] << 24 | (unsigned)p[21] << 16 | (unsigned)p[22] << 8 | p[23]);
  return (*w > 0 && *h > 0) ? 0 : -1;
}

int soso_doc_figure(soso_doc *doc, const char *png_path, const char *caption) {
  char *data = NULL;
  size_t len = 0;
  int rc = soso_afile_read_file(&data, &len, png_path);
  if (rc < 0) return rc;
  int w = 0, h = 0;
  if (png_size((const unsigned char *)data, len, &w, &h) < 0) {
    free(data);
    return soso_error_set(SOSO_EDATA, "%s: not a PNG image", png_path);
  }
  doc_block *b = push(doc, BLOCK_FIGURE);
  if (!b) {
    free(data);
    return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  }
  b->png = (unsigned char *)data;
  b->png_len = len;
  b->png_w = w;
  b->png_h = h;
  if (!(b->text = dupstr(caption ? caption : ""))) return oom(doc);
  return SOSO_OK;
}

int soso_doc_contents(soso_doc *doc) {
  return push(doc, BLOCK_CONTENTS) ? SOSO_OK
                                   : soso_error_set(SOSO_ENOMEM, "report: out of memory");
}

int soso_doc_pagebreak(soso_doc *doc) {
  return push(doc, BLOCK_PAGEBREAK) ? SOSO_OK
                                    : soso_error_set(SOSO_ENOMEM, "report: out of memory");
}

int soso__doc_numeric(const char *s) {
  while (*s == ' ') s++;
  if (*s == '+' || *s == '-' || *s == '<' || *s == '>' || *s == '~') s++;
  int digits = 0;
  for (; *s; s++) {
    if (isdigit((unsigned char)*s)) digits++;
    else if (!strchr(".,% eE-+", *s)) return 0;
  }
  return digits > 0;
}
