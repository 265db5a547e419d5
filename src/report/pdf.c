/* pdf.c - the report as a paginated A4 PDF (pango for text layout, cairo for the
 * page), with a table of contents and PDF bookmarks (the outline).
 *
 * Two passes over the same layout code. The first draws onto a surface that
 * writes nowhere and records the page of every heading and the page count; the
 * second draws the real file, with those page numbers in the table of contents
 * (one line per entry, so it takes the same room in both passes and the pages do
 * not move), an outline entry per heading and a link from each contents line.
 *
 * Within a pass: a cursor y moves down the page; a block that does not fit starts
 * a new page. Paragraphs and lists break between lines but never leave a single
 * first line at the foot of a page; tables break between rows, repeat their header
 * on the new page, keep caption + header + two rows together and never leave one
 * last row alone; figures and callouts move whole. A heading moves to the next page
 * with the first piece of what follows it (keep with next). Every page carries a
 * footer with the title and "page N of M". Drawing state that a block changes
 * (colour, font) is set by every block itself and the footer saves and restores
 * the cairo state, so nothing leaks across a page break.
 */
#include "report/doc_int.h"
#include "core/i18n_int.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

enum { PAGE_W = 595, PAGE_H = 842 }; /* A4 in points */
static const double MARGIN = 56.0, FOOT = 36.0;

typedef struct pdf {
  cairo_t *cr;           /* the drawing context */
  cairo_surface_t *surf; /* the PDF surface */
  const soso_doc *doc;   /* what is being drawn */
  double y;              /* cursor from the top of the page */
  double w;              /* content width */
  int page;              /* current page number, from 1 */
  int final;             /* 1 in the second pass (the real file) */
  int npages;            /* page count found by the first pass (0 in it) */
  int *hpage;            /* per block: page of a heading (first pass fills it) */
  double *hy;            /* per block: y of a heading on its page */
  int outline[4];        /* last outline id per heading level (second pass) */
} pdf;

static double bottom(void) { return PAGE_H - MARGIN - FOOT * 0.5; }

/* The footer is drawn when a page starts, often in the middle of a paragraph that
 * set its own colour before the break: it saves and restores the cairo state, so
 * its grey never leaks into the text that follows (the "grey first line after a
 * page break" of issue 11). */
static void footer(pdf *p) {
  cairo_save(p->cr);
  PangoLayout *l = pango_cairo_create_layout(p->cr);
  PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 7.5");
  pango_layout_set_font_description(l, fd);
  char buf[64];
  if (p->npages > 0) snprintf(buf, sizeof buf, _("page %d of %d"), p->page, p->npages);
  else snprintf(buf, sizeof buf, _("page %d of %d"), p->page, 999);
  cairo_set_source_rgb(p->cr, 0.45, 0.45, 0.45);
  pango_layout_set_text(l, p->doc->title, -1);
  pango_layout_set_width(l, (int)(p->w * 0.8 * PANGO_SCALE));
  pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
  cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 4);
  pango_cairo_show_layout(p->cr, l);
  pango_layout_set_text(l, buf, -1);
  pango_layout_set_width(l, -1);
  int tw, th;
  pango_layout_get_pixel_size(l, &tw, &th);
  cairo_move_to(p->cr, PAGE_W - MARGIN - tw, PAGE_H - MARGIN + 4);
  pango_cairo_show_layout(p->cr, l);
  pango_font_description_free(fd);
  g_object_unref(l);
  cairo_restore(p->cr);
}

static void new_page(pdf *p) {
  cairo_show_page(p->cr);
  p->page++;
  p->y = MARGIN;
  footer(p);
}

static void ensure(pdf *p, double h) {
  if (p->y + h > bottom() && p->y > MARGIN + 1) new_page(p);
}

static PangoLayout *layout(pdf *p, const char *font, const char *text, double width) {
  PangoLayout *l = pango_cairo_create_layout(p->cr);
  PangoFontDescription *fd = pango_font_description_from_string(font);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  if (width > 0) pango_layout_set_width(l, (int)(width * PANGO_SCALE));
  pango_layout_set_text(l, text, -1);
  return l;
}

static double height_of(PangoLayout *l) {
  int w, h;
  pango_layout_get_pixel_size(l, &w, &h);
  return h;
}

/* Draws a layout at x line by line, breaking pages between lines. */
static void flow(pdf *p, PangoLayout *l, double x) {
  PangoLayoutIter *it = pango_layout_get_iter(l);
  if (pango_layout_get_line_count(l) >= 2) { /* no orphan: two lines or none here */
    PangoRectangle r1, r2;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), NULL, &r1);
    pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 1), NULL, &r2);
    if (p->y + (double)(r1.height + r2.height) / PANGO_SCALE > bottom() && p->y > MARGIN + 1)
      new_page(p);
  }
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    double lh = (double)logical.height / PANGO_SCALE;
    if (p->y + lh > bottom()) new_page(p);
    int baseline = pango_layout_iter_get_baseline(it);
    double base_in_line = (double)(baseline - logical.y) / PANGO_SCALE;
    cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, p->y + base_in_line);
    pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
    p->y += lh;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

static void text_block(pdf *p, const char *font, const char *text, double indent,
                       double before, double after) {
  p->y += before;
  PangoLayout *l = layout(p, font, text, p->w - indent);
  cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
  flow(p, l, MARGIN + indent);
  g_object_unref(l);
  p->y += after;
}

/* A list item with a hanging indent: wrapped lines align with the text, not the
 * bullet. */
static void bullet(pdf *p, const char *text) {
  const double indent = 10, hang = 11;
  char *item = g_strdup_printf("\u2022\t%s", text);
  PangoLayout *l = layout(p, "DejaVu Sans 9.5", item, p->w - indent);
  PangoTabArray *tabs = pango_tab_array_new_with_positions(1, TRUE, PANGO_TAB_LEFT, (int)hang);
  pango_layout_set_tabs(l, tabs);
  pango_tab_array_free(tabs);
  pango_layout_set_indent(l, (int)(-hang * PANGO_SCALE));
  cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
  flow(p, l, MARGIN + indent);
  p->y += 2;
  g_object_unref(l);
  g_free(item);
}

static void callout(pdf *p, const doc_block *b) {
  double pad = 7;
  char *text = b->title ? g_strdup_printf("%s\n%s", b->title, b->text) : g_strdup(b->text);
  PangoLayout *l = layout(p, "DejaVu Sans 9.5", text, p->w - 2 * pad - 4);
  if (b->title) { /* the title line in bold */
    PangoAttrList *al = pango_attr_list_new();
    PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    a->start_index = 0;
    a->end_index = (guint)strlen(b->title);
    pango_attr_list_insert(al, a);
    pango_layout_set_attributes(l, al);
    pango_attr_list_unref(al);
  }
  double h = height_of(l) + 2 * pad;
  p->y += 6;
  if (h < bottom() - MARGIN) ensure(p, h);
  double r = 0.0, g = 0.447, bl = 0.698, br = 0.93, bg = 0.965, bb = 0.99;
  if (b->level == SOSO_CALLOUT_ASSUMPTION) r = 0.902, g = 0.624, bl = 0.0, br = 1.0, bg = 0.97, bb = 0.9;
  if (b->level == SOSO_CALLOUT_WARNING) r = 0.835, g = 0.369, bl = 0.0, br = 0.99, bg = 0.93, bb = 0.9;
  double hh = h < bottom() - p->y ? h : bottom() - p->y;
  cairo_set_source_rgb(p->cr, br, bg, bb);
  cairo_rectangle(p->cr, MARGIN, p->y, p->w, hh);
  cairo_fill(p->cr);
  cairo_set_source_rgb(p->cr, r, g, bl);
  cairo_rectangle(p->cr, MARGIN, p->y, 4, hh);
  cairo_fill(p->cr);
  p->y += pad;
  cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
  flow(p, l, MARGIN + 4 + pad);
  p->y += pad + 6;
  g_object_unref(l);
  g_free(text);
}

enum { TBL_MAXCOLS = 64 };

/* Column widths of table b: natural (widest cell unwrapped) when the table fits
 * the page, else shrunk towards the widest single word of each column (a column
 * is never squeezed below it unless the words alone overflow the page). */
static void table_widths(pdf *p, const doc_block *b, double pad, double *width) {
  size_t nc = b->ncols < TBL_MAXCOLS ? b->ncols : TBL_MAXCOLS, nr = b->nitems;
  double natural[TBL_MAXCOLS] = {0}, minw[TBL_MAXCOLS] = {0};
  for (size_t c = 0; c < nc; c++) {
    for (size_t r = 0; r <= nr; r++) {
      const char *txt = b->items[r * b->ncols + c];
      PangoLayout *l = layout(p, r == 0 ? "DejaVu Sans Bold 8" : "DejaVu Sans 8", txt, -1);
      int w, h;
      pango_layout_get_pixel_size(l, &w, &h);
      if (w + 2 * pad > natural[c]) natural[c] = w + 2 * pad;
      gchar **words = g_strsplit(txt, " ", -1);
      for (gchar **wd = words; *wd; wd++) {
        pango_layout_set_text(l, *wd, -1);
        pango_layout_get_pixel_size(l, &w, &h);
        if (w + 2 * pad > minw[c]) minw[c] = w + 2 * pad;
      }
      g_strfreev(words);
      g_object_unref(l);
    }
  }
  double sum = 0, summin = 0;
  for (size_t c = 0; c < nc; c++) sum += natural[c], summin += minw[c];
  for (size_t c = 0; c < nc; c++) {
    if (sum <= p->w) width[c] = natural[c];
    else if (summin >= p->w) width[c] = minw[c] * p->w / summin;
    else width[c] = minw[c] + (natural[c] - minw[c]) * (p->w - summin) / (sum - summin);
    if (width[c] < 24) width[c] = 24;
  }
}

/* Height of table row r (0 = header) at the given column widths. */
static double row_height(pdf *p, const doc_block *b, size_t r, const double *width, double pad) {
  size_t nc = b->ncols < TBL_MAXCOLS ? b->ncols : TBL_MAXCOLS;
  double rh = 0;
  for (size_t c = 0; c < nc; c++) {
    PangoLayout *l = layout(p, r == 0 ? "DejaVu Sans Bold 8" : "DejaVu Sans 8",
                            b->items[r * b->ncols + c], width[c] - 2 * pad);
    double h = height_of(l) + 2 * pad;
    if (h > rh) rh = h;
    g_object_unref(l);
  }
  return rh;
}

/* Draws row r (0 = header) of height h at the cursor and moves the cursor down. */
static void draw_row(pdf *p, const doc_block *b, size_t r, const double *width, double pad,
                     double h) {
  size_t nc = b->ncols < TBL_MAXCOLS ? b->ncols : TBL_MAXCOLS;
  double x = MARGIN;
  for (size_t c = 0; c < nc; c++) {
    const char *txt = b->items[r * b->ncols + c];
    PangoLayout *l = layout(p, r == 0 ? "DejaVu Sans Bold 8" : "DejaVu Sans 8", txt,
                            width[c] - 2 * pad);
    if (r == 0) {
      cairo_set_source_rgb(p->cr, 0.93, 0.95, 0.97);
      cairo_rectangle(p->cr, x, p->y, width[c], h);
      cairo_fill(p->cr);
    }
    cairo_set_source_rgb(p->cr, 0.78, 0.78, 0.78);
    cairo_set_line_width(p->cr, 0.5);
    cairo_rectangle(p->cr, x, p->y, width[c], h);
    cairo_stroke(p->cr);
    double tx = x + pad;
    if (r > 0 && soso__doc_numeric(txt)) {
      int tw, th;
      pango_layout_get_pixel_size(l, &tw, &th);
      tx = x + width[c] - pad - tw;
    }
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, tx, p->y + pad);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
    x += width[c];
  }
  p->y += h;
}

static double caption_height(pdf *p, const doc_block *b) {
  if (!b->text[0]) return 0;
  PangoLayout *cap = layout(p, "DejaVu Sans Bold 9", b->text, p->w);
  double h = height_of(cap) + 3;
  g_object_unref(cap);
  return h;
}

/* Room a table needs at the foot of a page: caption, header and two rows. */
static double table_min_height(pdf *p, const doc_block *b) {
  const double pad = 3;
  double width[TBL_MAXCOLS];
  table_widths(p, b, pad, width);
  double h = 6 + caption_height(p, b);
  for (size_t r = 0; r <= b->nitems && r <= 2; r++) h += row_height(p, b, r, width, pad);
  return h;
}

static void table(pdf *p, const doc_block *b) {
  const double pad = 3;
  size_t nr = b->nitems;
  double width[TBL_MAXCOLS];
  table_widths(p, b, pad, width);
  double *rh = g_new(double, nr + 1), total = 0;
  for (size_t r = 0; r <= nr; r++) total += rh[r] = row_height(p, b, r, width, pad);
  double caph = caption_height(p, b);
  p->y += 6;
  /* Keep together: a short table (under half a page) moves whole; a long one
   * starts only where its caption, header and first two rows fit. */
  double need = caph;
  for (size_t r = 0; r <= nr && r <= 2; r++) need += rh[r];
  if (caph + total < 0.5 * (bottom() - MARGIN)) need = caph + total;
  ensure(p, need);
  if (caph > 0) {
    PangoLayout *cap = layout(p, "DejaVu Sans Bold 9", b->text, p->w);
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, MARGIN, p->y);
    pango_cairo_show_layout(p->cr, cap);
    p->y += caph;
    g_object_unref(cap);
  }
  draw_row(p, b, 0, width, pad, rh[0]);
  for (size_t r = 1; r <= nr; r++) {
    int brk = p->y + rh[r] > bottom();
    /* no widow: the last row never goes to a page alone (when the rows before it
     * on this page are at least two) */
    if (!brk && r + 1 == nr && r >= 3 && p->y + rh[r] + rh[r + 1] > bottom()) brk = 1;
    if (brk) {
      new_page(p);
      draw_row(p, b, 0, width, pad, rh[0]); /* the header again */
    }
    draw_row(p, b, r, width, pad, rh[r]);
  }
  g_free(rh);
  p->y += 6;
}

typedef struct png_reader {
  const unsigned char *data; /* PNG bytes */
  size_t len, pos;           /* size and read position */
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *out, unsigned int n) {
  png_reader *r = closure;
  if (r->pos + n > r->len) return CAIRO_STATUS_READ_ERROR;
  memcpy(out, r->data + r->pos, n);
  r->pos += n;
  return CAIRO_STATUS_SUCCESS;
}

/* The scale of figure b on the page (charts render at 2 px/pt; a figure wider
 * than the text shrinks to it, a taller one to the page) and its caption height. */
static double figure_scale(pdf *p, const doc_block *b, double *cap_h) {
  double iw = b->png_w / 2.0, ih = b->png_h / 2.0;
  double s = iw > p->w ? p->w / iw : 1.0;
  PangoLayout *cap = layout(p, "DejaVu Sans Italic 8.5", b->text, p->w);
  *cap_h = height_of(cap);
  g_object_unref(cap);
  double maxh = bottom() - MARGIN - *cap_h - 12;
  if (ih * s > maxh) s = maxh / ih;
  return s;
}

static void figure(pdf *p, const doc_block *b) {
  png_reader rd = {b->png, b->png_len, 0};
  cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_png, &rd);
  if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(img);
    text_block(p, "DejaVu Sans Italic 9", _("[figure could not be drawn]"), 0, 4, 4);
    return;
  }
  double iw = b->png_w / 2.0, ih = b->png_h / 2.0, ch;
  double s = figure_scale(p, b, &ch);
  PangoLayout *cap = layout(p, "DejaVu Sans Italic 8.5", b->text, p->w);
  p->y += 6;
  ensure(p, ih * s + ch + 8);
  double x = MARGIN + (p->w - iw * s) / 2;
  cairo_save(p->cr);
  cairo_translate(p->cr, x, p->y);
  cairo_scale(p->cr, s * 0.5, s * 0.5);
  cairo_set_source_surface(p->cr, img, 0, 0);
  cairo_paint(p->cr);
  cairo_restore(p->cr);
  p->y += ih * s + 4;
  cairo_set_source_rgb(p->cr, 0.25, 0.25, 0.25);
  cairo_move_to(p->cr, MARGIN, p->y);
  pango_cairo_show_layout(p->cr, cap);
  p->y += ch + 8;
  g_object_unref(cap);
  cairo_surface_destroy(img);
}

/* The least room block b needs at the foot of a page before a page break would
 * separate it from a heading above it. */
static double min_height(pdf *p, const doc_block *b) {
  switch (b->kind) {
  case BLOCK_HEADING: return 60;
  case BLOCK_PARA:
  case BLOCK_CALLOUT:
  case BLOCK_BULLETS: {
    const char *t = b->kind == BLOCK_BULLETS ? (b->nitems ? b->items[0] : "") : b->text;
    PangoLayout *l = layout(p, "DejaVu Sans 9.5", t, p->w - 20);
    int n = pango_layout_get_line_count(l);
    double h = 0;
    for (int i = 0; i < n && i < 2; i++) {
      PangoRectangle r;
      pango_layout_line_get_extents(pango_layout_get_line_readonly(l, i), NULL, &r);
      h += (double)r.height / PANGO_SCALE;
    }
    g_object_unref(l);
    return h + (b->kind == BLOCK_CALLOUT ? 30 : 8);
  }
  case BLOCK_TABLE: return table_min_height(p, b);
  case BLOCK_FIGURE: {
    double ch, s = figure_scale(p, b, &ch);
    return b->png_h / 2.0 * s + ch + 14;
  }
  case BLOCK_PAGEBREAK: return 0;
  case BLOCK_CONTENTS: return 60;
  }
  return 0;
}

static void heading(pdf *p, size_t i) {
  static const char *const fonts[] = {"DejaVu Sans Bold 15", "DejaVu Sans Bold 13",
                                      "DejaVu Sans Bold 11"};
  const doc_block *b = &p->doc->blocks[i];
  PangoLayout *l = layout(p, fonts[b->level - 1], b->text, p->w);
  double h = height_of(l);
  double next = i + 1 < p->doc->n ? min_height(p, &p->doc->blocks[i + 1]) : 0;
  p->y += b->level == 3 ? 8 : 14;
  if (next > bottom() - MARGIN - h - 8) next = 0; /* a block that moves whole anyway */
  ensure(p, h + 8 + (next > 40 ? next : 40));     /* keep with next */
  if (!p->final) {
    p->hpage[i] = p->page;
    p->hy[i] = p->y;
  } else {
    /* the outline: level 1 at the root, 2 under the last 1, 3 under the last 2 */
    char dest[64];
    snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", p->page, MARGIN, p->y);
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (int k = b->level - 1; k >= 1; k--)
      if (p->outline[k] > 0) {
        parent = p->outline[k];
        break;
      }
    p->outline[b->level] = cairo_pdf_surface_add_outline(
        p->surf, parent, b->text, dest, b->level >= 3 ? 0 : CAIRO_PDF_OUTLINE_FLAG_OPEN);
    for (int k = b->level + 1; k <= 3; k++) p->outline[k] = 0;
  }
  cairo_set_source_rgb(p->cr, 0.05, 0.2, 0.35);
  cairo_move_to(p->cr, MARGIN, p->y);
  pango_cairo_show_layout(p->cr, l);
  p->y += h + 2;
  if (b->level <= 2) {
    cairo_set_source_rgb(p->cr, 0.0, 0.447, 0.698);
    cairo_set_line_width(p->cr, b->level == 1 ? 1.5 : 0.8);
    cairo_move_to(p->cr, MARGIN, p->y);
    cairo_line_to(p->cr, MARGIN + p->w, p->y);
    cairo_stroke(p->cr);
  }
  p->y += 6;
  g_object_unref(l);
}

/* Headings in the table of contents: levels 1 and 2. */
static size_t toc_count(const soso_doc *doc) {
  size_t n = 0;
  for (size_t i = 0; i < doc->n; i++)
    if (doc->blocks[i].kind == BLOCK_HEADING && doc->blocks[i].level <= 2) n++;
  return n;
}

/* The table of contents: one line per heading (ellipsized, so the first pass,
 * without page numbers, takes the same room), each a link to its heading. */
static void contents(pdf *p) {
  if (toc_count(p->doc) < 3) return;
  text_block(p, "DejaVu Sans Bold 11", _("Contents"), 0, 8, 4);
  for (size_t i = 0; i < p->doc->n; i++) {
    const doc_block *b = &p->doc->blocks[i];
    if (b->kind != BLOCK_HEADING || b->level > 2) continue;
    double indent = b->level == 2 ? 12 : 0;
    PangoLayout *t = layout(p, "DejaVu Sans 9.5", b->text, p->w - indent - 50);
    pango_layout_set_ellipsize(t, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(t, 0); /* one line */
    char num[16];
    snprintf(num, sizeof num, "%d", p->final ? p->hpage[i] : 0);
    PangoLayout *n = layout(p, "DejaVu Sans 9.5", num, -1);
    int tw, th, nw, nh;
    pango_layout_get_pixel_size(t, &tw, &th);
    pango_layout_get_pixel_size(n, &nw, &nh);
    ensure(p, th + 3);
    if (p->final) {
      char dest[64];
      snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", p->hpage[i], MARGIN, p->hy[i]);
      cairo_tag_begin(p->cr, CAIRO_TAG_LINK, dest); /* the link area is what is drawn */
    }
    cairo_set_source_rgb(p->cr, 0.05, 0.2, 0.35);
    cairo_move_to(p->cr, MARGIN + indent, p->y);
    pango_cairo_show_layout(p->cr, t);
    /* dotted leader from the title to the page number */
    cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(p->cr, 0.6);
    double dashes[2] = {0.6, 2.4};
    cairo_set_dash(p->cr, dashes, 2, 0);
    cairo_move_to(p->cr, MARGIN + indent + tw + 4, p->y + th - 3);
    cairo_line_to(p->cr, MARGIN + p->w - nw - 4, p->y + th - 3);
    cairo_stroke(p->cr);
    cairo_set_dash(p->cr, NULL, 0, 0);
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, MARGIN + p->w - nw, p->y);
    pango_cairo_show_layout(p->cr, n);
    if (p->final) cairo_tag_end(p->cr, CAIRO_TAG_LINK);
    p->y += th + 3;
    g_object_unref(t);
    g_object_unref(n);
  }
  p->y += 6;
}

/* One pass over the document onto p->surf. */
static void render(pdf *p) {
  const soso_doc *doc = p->doc;
  p->cr = cairo_create(p->surf);
  p->w = PAGE_W - 2 * MARGIN;
  p->page = 1;
  p->y = MARGIN;
  footer(p);
  text_block(p, "DejaVu Sans Bold 20", doc->title, 0, 0, 4);
  if (doc->subtitle) text_block(p, "DejaVu Sans 11", doc->subtitle, 0, 0, 10);
  int placed = 0; /* a BLOCK_CONTENTS says where the contents go */
  for (size_t i = 0; i < doc->n; i++) placed |= doc->blocks[i].kind == BLOCK_CONTENTS;
  if (!placed) contents(p);
  for (size_t i = 0; i < doc->n; i++) {
    const doc_block *b = &doc->blocks[i];
    switch (b->kind) {
    case BLOCK_HEADING: heading(p, i); break;
    case BLOCK_PARA: text_block(p, "DejaVu Sans 9.5", b->text, 0, 0, 6); break;
    case BLOCK_BULLETS:
      for (size_t k = 0; k < b->nitems; k++) bullet(p, b->items[k]);
      p->y += 4;
      break;
    case BLOCK_CALLOUT: callout(p, b); break;
    case BLOCK_TABLE: table(p, b); break;
    case BLOCK_FIGURE: figure(p, b); break;
    case BLOCK_PAGEBREAK:
      if (p->y > MARGIN + 1) new_page(p);
      break;
    case BLOCK_CONTENTS: contents(p); break;
    }
  }
  cairo_show_page(p->cr);
  cairo_destroy(p->cr);
  p->cr = NULL;
}

static cairo_status_t write_nowhere(void *closure, const unsigned char *data, unsigned int n) {
  (void)closure, (void)data, (void)n;
  return CAIRO_STATUS_SUCCESS;
}

int soso_doc_write_pdf(const soso_doc *doc, const char *path) {
  pdf p = {0};
  p.doc = doc;
  p.hpage = g_new0(int, doc->n + 1);
  p.hy = g_new0(double, doc->n + 1);
  /* first pass: heading pages and the page count */
  p.surf = cairo_pdf_surface_create_for_stream(write_nowhere, NULL, PAGE_W, PAGE_H);
  render(&p);
  p.npages = p.page;
  cairo_surface_finish(p.surf);
  cairo_surface_destroy(p.surf);

  soso_afile *af = NULL;
  FILE *fp = NULL;
  int rc = soso_afile_open(&af, &fp, path);
  if (rc < 0) {
    g_free(p.hpage);
    g_free(p.hy);
    return rc;
  }
  p.final = 1;
  p.surf = cairo_pdf_surface_create(soso_afile_tmpname(af), PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR, "soso");
  render(&p);
  cairo_surface_finish(p.surf);
  cairo_status_t st = cairo_surface_status(p.surf);
  cairo_surface_destroy(p.surf);
  g_free(p.hpage);
  g_free(p.hy);
  /* Drop this thread's default pango font map: it keeps cairo fonts alive past
   * the cairo teardown at exit otherwise (and would show as leaked). */
  pango_cairo_font_map_set_default(NULL);
  if (st != CAIRO_STATUS_SUCCESS) {
    soso_afile_abort(af);
    return soso_error_set(SOSO_EIO, "%s: PDF could not be written: %s", path,
                          cairo_status_to_string(st));
  }
  return soso_afile_commit(af);
}
