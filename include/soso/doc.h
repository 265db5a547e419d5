/* doc.h - a small document model with two renderings: one self-contained HTML
 * file (figures inline, no network, readable on a phone) and the same content as
 * a paginated PDF (pango + cairo), so a report is written once and read anywhere.
 *
 * Blocks are appended in reading order: headings, paragraphs, bullet lists,
 * tables, figures (PNG files embedded), and callouts (assumption / warning /
 * summary boxes). Text is plain UTF-8; the renderers escape it.
 */
#ifndef SOSO_DOC_H
#define SOSO_DOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_doc soso_doc;

typedef enum soso_callout {
  SOSO_CALLOUT_SUMMARY = 1,    /* key message for residents */
  SOSO_CALLOUT_ASSUMPTION = 2, /* a number that is assumed, not sourced */
  SOSO_CALLOUT_WARNING = 3     /* something that could go wrong */
} soso_callout;

/* New empty document; title and subtitle (may be NULL) are copied. Its language
 * (the HTML lang attribute) is the message language in use (soso_i18n_lang). */
int soso_doc_new(soso_doc **out, const char *title, const char *subtitle);
void soso_doc_free(soso_doc *doc);

/* Sets the document's language ("en", "bs", "hr", "sr", "sr@latin"; see
 * include/soso/i18n.h); SOSO_EUSAGE for any other. */
int soso_doc_set_lang(soso_doc *doc, const char *lang);

/* level 1..3. Headings of level 1 and 2 appear in the table of contents (HTML and
 * PDF); every heading is a PDF bookmark (level 3 under its level 2). */
int soso_doc_heading(soso_doc *doc, int level, const char *text);
int soso_doc_para(soso_doc *doc, const char *text);
/* printf-style paragraph. */
int soso_doc_paraf(soso_doc *doc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int soso_doc_bullets(soso_doc *doc, const char *const *items, size_t n);
int soso_doc_callout(soso_doc *doc, soso_callout kind, const char *title, const char *text);
/* A table of nrows x ncols cells (row-major), with a header row and a caption.
 * Columns whose cells look numeric are right-aligned. */
int soso_doc_table(soso_doc *doc, const char *caption, size_t ncols, const char *const *header,
                   size_t nrows, const char *const *cells);
/* A PNG file embedded as a figure with a caption; the file is read now. */
int soso_doc_figure(soso_doc *doc, const char *png_path, const char *caption);
/* Places the table of contents here (without it, it follows the title). */
int soso_doc_contents(soso_doc *doc);
/* Forces a page break in the PDF (no effect in HTML). */
int soso_doc_pagebreak(soso_doc *doc);

/* Renders the document (atomically). The HTML figures enlarge when tapped; the
 * PDF has a table of contents (three or more level 1-2 headings), bookmarks and
 * "page N of M" footers. */
int soso_doc_write_html(const soso_doc *doc, const char *path);
int soso_doc_write_pdf(const soso_doc *doc, const char *path);

/* Number of blocks (for tests). */
size_t soso_doc_count(const soso_doc *doc);

#ifdef __cplusplus
}
#endif
#endif
