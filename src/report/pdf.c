/* pdf.c - the report as a paginated A4 PDF (pango for text layout, cairo for the
 * page).
 *
 * One pass, top to bottom: a cursor y moves down the page; a block that does not
 * fit starts a new page (paragraphs and lists break between lines, tables between
 * rows with the header repeated, figures and callouts move whole). Headings keep
 * with what follows. Every page carries a footer with the title and page number.
 */
#include "report/doc_int.h"
#include "soso/error.h"
#include "soso/fileio.h"

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
} pdf;

static double bottom(void) { return PAGE_H - MARGIN - FOOT * 0.5; }

static void footer(pdf *p) {
  PangoLayout *l = pango_cairo_create_layout(p->cr);
  PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 7.5");
  pango_layout_set_font_description(l, fd);
  char buf[64];
  snprintf(buf, sizeof buf, "page %d", p->page);
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

static void heading(pdf *p, const doc_block *b) {
  static const char *const fonts[] = {"DejaVu Sans Bold 15", "DejaVu Sans Bold 13",
                                      "DejaVu Sans Bold 11"};
  PangoLayout *l = layout(p, fonts[b->level - 1], b->text, p->w);
  double h = height_of(l);
  p->y += b->level == 3 ? 8 : 14;
  ensure(p, h + 70); /* keep with next */
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

static void table(pdf *p, const doc_block *b) {
  const double pad = 3;
  const char *font = "DejaVu Sans 8";
  size_t nc = b->ncols, nr = b->nitems;
  double natural[64] = {0}, minw[64] = {0}, width[64];
  if (nc > 64) nc = 64;
  /* natural: widest cell unwrapped; minw: widest single word (a column is never
   * squeezed below it unless the words alone overflow the page). */
  for (size_t c = 0; c < nc; c++) {
    for (size_t r = 0; r <= nr; r++) {
      const char *txt = b->items[r * b->ncols + c];
      const char *fnt = r == 0 ? "DejaVu Sans Bold 8" : font;
      PangoLayout *l = layout(p, fnt, txt, -1);
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
  p->y += 6;
  if (b->text[0]) {
    PangoLayout *cap = layout(p, "DejaVu Sans Bold 9", b->text, p->w);
    ensure(p, height_of(cap) + 40);
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, MARGIN, p->y);
    pango_cairo_show_layout(p->cr, cap);
    p->y += height_of(cap) + 3;
    g_object_unref(cap);
  }
  for (size_t r = 0; r <= nr; r++) {
    PangoLayout *cells[64];
    double rh = 0;
    for (size_t c = 0; c < nc; c++) {
      cells[c] = layout(p, r == 0 ? "DejaVu Sans Bold 8" : font, b->items[r * b->ncols + c],
                        width[c] - 2 * pad);
      double h = height_of(cells[c]) + 2 * pad;
      if (h > rh) rh = h;
    }
    int repeat_header = 0;
    if (p->y + rh > bottom()) {
      new_page(p);
      repeat_header = r > 0;
    }
    for (int pass = repeat_header; pass >= 0; pass--) {
      size_t row = pass ? 0 : r;
      PangoLayout *hdr[64];
      double h = rh;
      if (pass) {
        h = 0;
        for (size_t c = 0; c < nc; c++) {
          hdr[c] = layout(p, "DejaVu Sans Bold 8", b->items[c], width[c] - 2 * pad);
          if (height_of(hdr[c]) + 2 * pad > h) h = height_of(hdr[c]) + 2 * pad;
        }
      }
      double x = MARGIN;
      for (size_t c = 0; c < nc; c++) {
        PangoLayout *l = pass ? hdr[c] : cells[c];
        if (row == 0) {
          cairo_set_source_rgb(p->cr, 0.93, 0.95, 0.97);
          cairo_rectangle(p->cr, x, p->y, width[c], h);
          cairo_fill(p->cr);
        }
        cairo_set_source_rgb(p->cr, 0.78, 0.78, 0.78);
        cairo_set_line_width(p->cr, 0.5);
        cairo_rectangle(p->cr, x, p->y, width[c], h);
        cairo_stroke(p->cr);
        double tx = x + pad;
        if (row > 0 && soso__doc_numeric(b->items[row * b->ncols + c])) {
          int tw, th;
          pango_layout_get_pixel_size(l, &tw, &th);
          tx = x + width[c] - pad - tw;
        }
        cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
        cairo_move_to(p->cr, tx, p->y + pad);
        pango_cairo_show_layout(p->cr, l);
        x += width[c];
        if (pass) g_object_unref(hdr[c]);
      }
      p->y += h;
    }
    for (size_t c = 0; c < nc; c++) g_object_unref(cells[c]);
  }
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

static void figure(pdf *p, const doc_block *b) {
  png_reader rd = {b->png, b->png_len, 0};
  cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_png, &rd);
  if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(img);
    text_block(p, "DejaVu Sans Italic 9", "[figure could not be drawn]", 0, 4, 4);
    return;
  }
  double iw = b->png_w / 2.0, ih = b->png_h / 2.0; /* charts render at 2 px/pt */
  double s = iw > p->w ? p->w / iw : 1.0;
  PangoLayout *cap = layout(p, "DejaVu Sans Italic 8.5", b->text, p->w);
  double ch = height_of(cap);
  double maxh = bottom() - MARGIN - ch - 12;
  if (ih * s > maxh) s = maxh / ih;
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

int soso_doc_write_pdf(const soso_doc *doc, const char *path) {
  soso_afile *af = NULL;
  FILE *fp = NULL;
  int rc = soso_afile_open(&af, &fp, path);
  if (rc < 0) return rc;
  pdf p = {0};
  p.doc = doc;
  p.surf = cairo_pdf_surface_create(soso_afile_tmpname(af), PAGE_W, PAGE_H);
  p.cr = cairo_create(p.surf);
  p.w = PAGE_W - 2 * MARGIN;
  p.page = 1;
  p.y = MARGIN;
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR, "soso");
  footer(&p);
  text_block(&p, "DejaVu Sans Bold 20", doc->title, 0, 0, 4);
  if (doc->subtitle) text_block(&p, "DejaVu Sans 11", doc->subtitle, 0, 0, 10);
  for (size_t i = 0; i < doc->n; i++) {
    const doc_block *b = &doc->blocks[i];
    switch (b->kind) {
    case BLOCK_HEADING: heading(&p, b); break;
    case BLOCK_PARA: text_block(&p, "DejaVu Sans 9.5", b->text, 0, 0, 6); break;
    case BLOCK_BULLETS:
      for (size_t k = 0; k < b->nitems; k++) bullet(&p, b->items[k]);
      p.y += 4;
      break;
    case BLOCK_CALLOUT: callout(&p, b); break;
    case BLOCK_TABLE: table(&p, b); break;
    case BLOCK_FIGURE: figure(&p, b); break;
    case BLOCK_PAGEBREAK:
      if (p.y > MARGIN + 1) new_page(&p);
      break;
    }
  }
  cairo_show_page(p.cr);
  cairo_destroy(p.cr);
  cairo_surface_finish(p.surf);
  cairo_status_t st = cairo_surface_status(p.surf);
  cairo_surface_destroy(p.surf);
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
