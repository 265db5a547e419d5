/* canvas_int.h - libsoso's free drawing target (src/chart/canvas.c): a cairo context
 * on a PNG, SVG or PDF file written atomically, for the maps and the Figure-2
 * matrix. Internal (soso__), so that no cairo type is in the public headers. */
#ifndef SOSO_CANVAS_INT_H
#define SOSO_CANVAS_INT_H

typedef struct _cairo cairo_t;
typedef struct soso_canvas soso_canvas;

/* Opens a width x height pt drawing for path (.png/.svg/.pdf); *cr is the
 * context to draw on (PNG is scaled 2x so drawing code works in points), owned by
 * the canvas, on a white page. PNG up to 4000 pt, vectors up to 20000 pt. A cairo
 * error left on *cr makes soso__canvas_save fail and write nothing. */
int soso__canvas_new(soso_canvas **out, cairo_t **cr, const char *path, double width,
                     double height);
/* Finishes and writes atomically; frees the canvas. */
int soso__canvas_save(soso_canvas *canvas);
/* Abandons the drawing and removes temporaries; NULL-safe. */
void soso__canvas_free(soso_canvas *canvas);

#endif
