/* canvas.c - cairo drawing targets written atomically: PNG, SVG or PDF by extension.
 *
 * Every target writes through the stream of a soso_afile (a temporary file beside
 * the destination), which is renamed over the destination only after cairo reports
 * success, so a failed drawing never leaves a file or a temporary behind.
 * PNG renders at 2 px per point (cairo_scale(2, 2)), so drawing code always works
 * in points whatever the format. Charts are saved through a canvas too.
 */
#include "chart/chart_int.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

enum { FMT_PNG, FMT_SVG, FMT_PDF };

/* Pixels per point of PNG output. */
#define PNG_SCALE 2.0

struct soso_canvas {
  soso_afile *af;         /* the temporary output file */
  FILE *fp;               /* its stream (owned by af) */
  cairo_surface_t *surf;  /* drawing surface */
  cairo_t *cr;            /* drawing context handed to the caller */
  int fmt;                /* FMT_* */
  char path[512];         /* destination, for messages (truncated if longer) */
};

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len) {
  FILE *fp = closure;
  return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Format of path from its extension, or a usage error naming the path. */
static int format_of(int *fmt, const char *path) {
  char ext[16];
  soso_afile_path_ext(path, ext, sizeof ext);
  if (!strcmp(ext, "png")) *fmt = FMT_PNG;
  else if (!strcmp(ext, "svg")) *fmt = FMT_SVG;
  else if (!strcmp(ext, "pdf")) *fmt = FMT_PDF;
  else
    return soso_error_set(SOSO_EUSAGE, "%s: unknown drawing format \"%s\" (use .png, .svg or .pdf)",
                          path, ext);
  return SOSO_OK;
}

void soso__canvas_free(soso_canvas *canvas) {
  if (!canvas) return;
  if (canvas->cr) cairo_destroy(canvas->cr);
  if (canvas->surf) {
    /* Finishing writes to the temporary file, which is removed just after. */
    cairo_surface_finish(canvas->surf);
    cairo_surface_destroy(canvas->surf);
  }
  soso_afile_abort(canvas->af);
  free(canvas);
}

int soso__canvas_new(soso_canvas **out, cairo_t **cr, const char *path, double width,
                    double height) {
  if (out) *out = NULL;
  if (cr) *cr = NULL;
  if (!out || !cr || !path)
    return soso_error_set(SOSO_EUSAGE, "canvas: NULL argument");
  int fmt = 0, rc = format_of(&fmt, path);
  if (rc) return rc;
  /* PNG pixels are bounded by cairo (32767) and by memory: 4000 pt = 8000 px. */
  double max = fmt == FMT_PNG ? 4000 : 20000;
  if (!(width >= 1 && width <= max && height >= 1 && height <= max))
    return soso_error_set(SOSO_EUSAGE, "%s: drawing size %g x %g pt is outside 1..%g pt",
                          path, width, height, max);
  soso_canvas *c = calloc(1, sizeof *c);
  if (!c) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  c->fmt = fmt;
  snprintf(c->path, sizeof c->path, "%s", path);
  rc = soso_afile_open(&c->af, &c->fp, path);
  if (rc) {
    free(c);
    return rc;
  }
  if (fmt == FMT_PNG)
    c->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(width * PNG_SCALE),
                                         (int)ceil(height * PNG_SCALE));
  else if (fmt == FMT_SVG)
    c->surf = cairo_svg_surface_create_for_stream(to_file, c->fp, width, height);
  else
    c->surf = cairo_pdf_surface_create_for_stream(to_file, c->fp, width, height);
  c->cr = cairo_create(c->surf);
  if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
    rc = soso_error_set(SOSO_ERR, "%s: cannot create drawing: %s", path,
                        cairo_status_to_string(cairo_status(c->cr)));
    soso__canvas_free(c);
    return rc;
  }
  if (fmt == FMT_PNG) cairo_scale(c->cr, PNG_SCALE, PNG_SCALE);
  cairo_set_source_rgb(c->cr, 1, 1, 1); /* a white page, also behind PNG */
  cairo_paint(c->cr);
  cairo_set_source_rgb(c->cr, 0, 0, 0);
  *out = c;
  *cr = c->cr;
  return SOSO_OK;
}

int soso__canvas_save(soso_canvas *canvas) {
  if (!canvas) return soso_error_set(SOSO_EUSAGE, "canvas: NULL canvas");
  int rc = SOSO_OK;
  cairo_status_t st = cairo_status(canvas->cr);
  if (st == CAIRO_STATUS_SUCCESS) {
    cairo_destroy(canvas->cr);
    canvas->cr = NULL;
    if (canvas->fmt == FMT_PNG) {
      cairo_surface_flush(canvas->surf);
      st = cairo_surface_write_to_png_stream(canvas->surf, to_file, canvas->fp);
    } else {
      cairo_surface_finish(canvas->surf);
      st = cairo_surface_status(canvas->surf);
    }
  }
  if (st != CAIRO_STATUS_SUCCESS)
    rc = soso_error_set(st == CAIRO_STATUS_WRITE_ERROR ? SOSO_EIO : SOSO_ERR,
                        "%s: drawing failed: %s", canvas->path, cairo_status_to_string(st));
  if (!rc) {
    cairo_surface_destroy(canvas->surf);
    canvas->surf = NULL;
    rc = soso_afile_commit(canvas->af);
    canvas->af = NULL; /* commit frees the afile, whatever its result */
  }
  soso__canvas_free(canvas);
  return rc;
}

int soso_chart_save(const soso_chart *chart, const char *path) {
  if (!chart || !path) return soso_error_set(SOSO_EUSAGE, "chart: NULL argument");
  int fmt = 0, rc = format_of(&fmt, path);
  if (rc) return rc;
  if (chart->err) return soso_error_set(chart->err, "%s: %s", path, chart->errmsg);
  soso_canvas *cv = NULL;
  cairo_t *cr = NULL;
  rc = soso__canvas_new(&cv, &cr, path, chart->w, chart->h);
  if (rc) return rc;
  chart_render(chart, cr);
  return soso__canvas_save(cv);
}

typedef struct png_sink {
  int (*write)(void *closure, const unsigned char *data, size_t n); /* caller's writer */
  void *closure;                                                  /* its closure */
} png_sink;

static cairo_status_t to_sink(void *closure, const unsigned char *data, unsigned int len) {
  const png_sink *s = closure;
  return s->write(s->closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                              : CAIRO_STATUS_WRITE_ERROR;
}

int soso_chart_write_png(const soso_chart *chart,
                         int (*write)(void *closure, const unsigned char *data, size_t n),
                         void *closure) {
  if (!chart || !write) return soso_error_set(SOSO_EUSAGE, "chart: NULL argument");
  if (chart->err) return soso_error_set(chart->err, "chart: %s", chart->errmsg);
  cairo_surface_t *surf = cairo_image_surface_create(
      CAIRO_FORMAT_ARGB32, (int)ceil(chart->w * PNG_SCALE), (int)ceil(chart->h * PNG_SCALE));
  cairo_t *cr = cairo_create(surf);
  cairo_status_t st = cairo_status(cr);
  if (st == CAIRO_STATUS_SUCCESS) {
    cairo_scale(cr, PNG_SCALE, PNG_SCALE);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_render(chart, cr);
    st = cairo_status(cr);
  }
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS) {
    png_sink sink = {write, closure};
    cairo_surface_flush(surf);
    st = cairo_surface_write_to_png_stream(surf, to_sink, &sink);
  }
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS)
    return soso_error_set(st == CAIRO_STATUS_WRITE_ERROR ? SOSO_EIO : SOSO_ERR,
                          "chart: PNG output failed: %s", cairo_status_to_string(st));
  return SOSO_OK;
}
