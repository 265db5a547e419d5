/* html.c - the report as one self-contained HTML file.
 *
 * Figures are inlined as base64 data URIs (glib's encoder), styles are inline, so
 * the file opens offline and can be mailed as it is. The layout is a single
 * column up to 48em wide: readable on a phone, where each table row becomes a card
 * of "heading: value" lines.
 *
 * Tap to enlarge, without script: each figure is the label of a hidden checkbox;
 * checked, the figure fills the screen at its full pixel size (charts are drawn
 * at 2 px per pt, so about 1300-1800 px wide) in a box that scrolls both ways and
 * can be pinch-zoomed, and a second tap closes it. The image is embedded once.
 * The <html lang> attribute is the report's language (BCP 47, sr-Cyrl/sr-Latn).
 */
#include "report/doc_int.h"
#include "core/i18n_int.h"
#include "soso/error.h"
#include "soso/i18n.h"
#include "soso/afile.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static const char k_style[] =
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;line-height:1.5;color:#1b1b1b;"
    "max-width:48em;margin:0 auto;padding:1em;background:#fff;overflow-wrap:anywhere}"
    "h1{font-size:1.7em;margin:0.2em 0}h2{font-size:1.35em;border-bottom:2px solid #0072B2;"
    "padding-bottom:0.15em;margin-top:1.8em}h3{font-size:1.1em;margin-top:1.4em}"
    ".subtitle{color:#555;margin-top:0}"
    "figure{margin:1em 0}figure img{width:100%;max-width:100%;height:auto;border:1px solid #ddd}"
    "figcaption{font-size:0.9em;color:#444;margin-top:0.3em}"
    ".tbl{overflow-x:auto}table{border-collapse:collapse;font-size:0.9em;margin:0.5em 0}"
    "caption{text-align:left;font-weight:bold;padding:0.3em 0}"
    /* break-word, not the body's anywhere: a column is never narrower than its
     * longest word ("Majd-an"); a table wider than the column scrolls */
    "th,td{border:1px solid #ccc;padding:0.25em 0.5em;vertical-align:top;"
    "overflow-wrap:break-word}"
    "th{background:#eef3f8;text-align:left}td.n{text-align:right;white-space:nowrap}"
    ".callout{border-left:5px solid;padding:0.5em 0.9em;margin:1em 0;border-radius:3px}"
    ".callout b{display:block}"
    ".summary{border-color:#0072B2;background:#eef6fc}"
    ".assumption{border-color:#E69F00;background:#fff7e6}"
    ".warning{border-color:#D55E00;background:#fdeee6}"
    "nav{background:#f6f6f6;padding:0.5em 1em;border-radius:3px}"
    "nav ol{margin:0.3em 0;padding-left:1.3em}"
    "@media print{nav{display:none}}"
    ".zoom{position:absolute;opacity:0;pointer-events:none}"
    "figure label{cursor:zoom-in;display:block}"
    ".zoom:checked+label{position:fixed;top:0;left:0;right:0;bottom:0;z-index:10;"
    "background:#fff;overflow:auto;cursor:zoom-out;padding:0.5em}"
    ".zoom:checked+label img{width:auto;max-width:none;height:auto}"
    ".hint{font-size:0.8em;color:#666}"
    ".zoom:checked+label .hint{position:sticky;left:0;top:0;display:block;background:#fff}"
    "@media print,(min-width:50em){.hint{display:none}}"
    /* a phone: each row a card, each cell "heading: value" (html.c writes data-label) */
    "@media screen and (max-width:40em){body{overflow-wrap:break-word}"
    ".tbl table,.tbl caption,.tbl tbody,.tbl tr,.tbl td{display:block;width:auto}"
    ".tbl thead{display:none}"
    ".tbl tr{border:1px solid #ccc;border-radius:3px;margin:0 0 0.6em;padding:0.3em 0}"
    ".tbl td,.tbl td.n{border:none;padding:0.1em 0.6em;text-align:left;white-space:normal}"
    ".tbl td:first-child{font-weight:bold}"
    ".tbl td::before{content:attr(data-label) \": \";color:#555;font-weight:normal}}";

static void esc(FILE *f, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '&': fputs("&amp;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\n': fputs("<br>", f); break;
    default: fputc(*s, f);
    }
  }
}

static const char *callout_class(int kind) {
  switch (kind) {
  case SOSO_CALLOUT_ASSUMPTION: return "assumption";
  case SOSO_CALLOUT_WARNING: return "warning";
  default: return "summary";
  }
}

/* Table of contents from level-2 headings. */
static void nav(FILE *f, const soso_doc *doc) {
  size_t nsec = 0;
  for (size_t i = 0; i < doc->n; i++)
    if (doc->blocks[i].kind == BLOCK_HEADING && doc->blocks[i].level == 2) nsec++;
  if (nsec > 2) {
    fputs("<nav><b>", f);
    esc(f, _("Contents"));
    fputs("</b><ol>", f);
    for (size_t i = 0, k = 0; i < doc->n; i++) {
      const doc_block *b = &doc->blocks[i];
      if (b->kind != BLOCK_HEADING || b->level != 2) continue;
      fprintf(f, "<li><a href=\"#s%zu\">", ++k);
      esc(f, b->text);
      fputs("</a></li>", f);
    }
    fputs("</ol></nav>\n", f);
  }
}

static void write_body(FILE *f, const soso_doc *doc) {
  fputs("<h1>", f);
  esc(f, doc->title);
  fputs("</h1>\n", f);
  if (doc->subtitle) {
    fputs("<p class=\"subtitle\">", f);
    esc(f, doc->subtitle);
    fputs("</p>\n", f);
  }
  int placed = 0; /* a BLOCK_CONTENTS says where the contents go */
  for (size_t i = 0; i < doc->n; i++) placed |= doc->blocks[i].kind == BLOCK_CONTENTS;
  if (!placed) nav(f, doc);
  size_t sec = 0;
  for (size_t i = 0; i < doc->n; i++) {
    const doc_block *b = &doc->blocks[i];
    switch (b->kind) {
    case BLOCK_HEADING:
      if (b->level == 2) fprintf(f, "<h2 id=\"s%zu\">", ++sec);
      else fprintf(f, "<h%d>", b->level == 1 ? 2 : 3);
      esc(f, b->text);
      fprintf(f, "</h%d>\n", b->level == 3 ? 3 : 2);
      break;
    case BLOCK_PARA:
      fputs("<p>", f);
      esc(f, b->text);
      fputs("</p>\n", f);
      break;
    case BLOCK_BULLETS:
      fputs("<ul>\n", f);
      for (size_t k = 0; k < b->nitems; k++) {
        fputs("<li>", f);
        esc(f, b->items[k]);
        fputs("</li>\n", f);
      }
      fputs("</ul>\n", f);
      break;
    case BLOCK_CALLOUT:
      fprintf(f, "<div class=\"callout %s\">", callout_class(b->level));
      if (b->title) {
        fputs("<b>", f);
        esc(f, b->title);
        fputs("</b>", f);
      }
      esc(f, b->text);
      fputs("</div>\n", f);
      break;
    case BLOCK_TABLE: {
      fputs("<div class=\"tbl\"><table>", f);
      if (b->text[0]) {
        fputs("<caption>", f);
        esc(f, b->text);
        fputs("</caption>", f);
      }
      fputs("\n<thead><tr>", f);
      for (size_t c = 0; c < b->ncols; c++) {
        fputs("<th>", f);
        esc(f, b->items[c]);
        fputs("</th>", f);
      }
      fputs("</tr></thead>\n<tbody>", f);
      /* Each cell carries its column's heading (data-label), so that a phone shows
       * a row as a card of "heading: value" lines instead of a table cut into
       * one-letter columns (the style's max-width:40em rule). */
      for (size_t r = 0; r < b->nitems; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < b->ncols; c++) {
          const char *cell = b->items[(r + 1) * b->ncols + c];
          fputs(soso__doc_numeric(cell) ? "<td class=\"n\" data-label=\"" : "<td data-label=\"", f);
          esc(f, b->items[c]);
          fputs("\">", f);
          esc(f, cell);
          fputs("</td>", f);
        }
        fputs("</tr>\n", f);
      }
      fputs("</tbody></table></div>\n", f);
      break;
    }
    case BLOCK_FIGURE: {
      gchar *b64 = g_base64_encode(b->png, b->png_len);
      fprintf(f, "<figure><input type=\"checkbox\" class=\"zoom\" id=\"z%zu\">"
                 "<label for=\"z%zu\"><span class=\"hint\">", i, i);
      esc(f, _("Tap the figure to enlarge it; tap again to close."));
      fputs("</span><img alt=\"", f);
      esc(f, b->text);
      fprintf(f, "\" width=\"%d\" height=\"%d\" src=\"data:image/png;base64,", b->png_w / 2,
              b->png_h / 2);
      fputs(b64, f);
      fputs("\"></label><figcaption>", f);
      esc(f, b->text);
      fputs("</figcaption></figure>\n", f);
      g_free(b64);
      break;
    }
    case BLOCK_PAGEBREAK: break;
    case BLOCK_CONTENTS: nav(f, doc); break;
    }
  }
}

int soso_doc_write_html(const soso_doc *doc, const char *path) {
  soso_afile *af = NULL;
  FILE *f = NULL;
  int rc = soso_afile_open(&af, &f, path);
  if (rc < 0) return rc;
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          soso_i18n_html_lang(doc->lang));
  esc(f, doc->title);
  fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n", k_style);
  write_body(f, doc);
  fputs("</body></html>\n", f);
  return soso_afile_commit(af);
}
