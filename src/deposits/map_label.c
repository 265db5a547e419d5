/* map_label.c - labels that do not overlap: district ids at a corner of their
 * outline, deposit names beside their symbols.
 *
 * Greedy placement in drawing order: each label takes the first of a few candidate
 * positions that overlaps nothing placed before (symbols included) and stays in
 * the frame; district labels that find no free place take the least crowded one,
 * deposit names are then left out. Good enough for the <= 40 districts and <= 30
 * names the map labels; not an optimal placement.
 */
#include "map_int.h"

#include <math.h>
#include <stdio.h>

void map_take(placer *pl, double x0, double y0, double x1, double y1) {
  if (pl->n == pl->cap) return;
  double *b = pl->box + 4 * pl->n++;
  b[0] = x0;
  b[1] = y0;
  b[2] = x1;
  b[3] = y1;
}

/* Overlap area of two boxes. */
static double overlap(const double *a, const double *b) {
  double w = fmin(a[2], b[2]) - fmax(a[0], b[0]), h = fmin(a[3], b[3]) - fmax(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0.0;
}

/* Draws text at the first candidate baseline position (left x, baseline y) that
 * overlaps nothing placed and stays in the frame; if none is free, at the one that
 * overlaps least when must is set, else not at all. */
static void place(cairo_t *cr, placer *pl, const map_view *v, const double (*cand)[2],
                  size_t ncand, const char *text, int must) {
  cairo_text_extents_t te;
  cairo_text_extents(cr, text, &te);
  double w = te.x_advance, h = 8.0;
  size_t best = ncand;
  double best_ov = INFINITY;
  for (size_t c = 0; c < ncand && best_ov > 0; c++) {
    double box[4] = {cand[c][0] - 1, cand[c][1] - h, cand[c][0] + w + 1, cand[c][1] + 2};
    if (box[0] < v->fx0 || box[2] > v->fx1 || box[1] < v->fy0 || box[3] > v->fy1) continue;
    double ov = 0;
    for (size_t j = 0; j < pl->n; j++) ov += overlap(box, pl->box + 4 * j);
    if (ov < best_ov) {
      best_ov = ov;
      best = c;
    }
  }
  if (best == ncand || (best_ov > 0 && !must)) return;
  map_take(pl, cand[best][0] - 1, cand[best][1] - h, cand[best][0] + w + 1, cand[best][1] + 2);
  map_text_halo(cr, cand[best][0], cand[best][1], text);
}

/* "Dn" labels at a corner of each district outline. */
void map_district_labels(cairo_t *cr, placer *pl, const map_view *v, const double *env4,
                            size_t nd) {
  map_font(cr, 7.5, 1);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  for (size_t k = 0; k < nd; k++) {
    const double *e = env4 + 4 * k;
    if (!isfinite(e[0])) continue;
    char buf[24];
    snprintf(buf, sizeof buf, "D%zu", k + 1);
    cairo_text_extents_t te;
    cairo_text_extents(cr, buf, &te);
    double w = te.x_advance;
    double l = map_px(v, e[0]), r = map_px(v, e[2]), t = map_py(v, e[3]), b = map_py(v, e[1]);
    const double cand[4][2] = {{r - 2, t - 1}, {r - 2, b + 8}, {l - w + 2, t - 1},
                               {l - w + 2, b + 8}};
    place(cr, pl, v, cand, 4, buf, 1);
  }
}

/* Deposit names beside their symbols (right, left, above, below). */
void map_name_labels(cairo_t *cr, placer *pl, const map_view *v, const dot *dots,
                        size_t ndots) {
  map_font(cr, 7, 0);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  for (size_t i = ndots; i-- > 0;) { /* small deposits first: they have less room */
    const dot *d = &dots[i];
    if (!d->name || !d->name[0]) continue;
    cairo_text_extents_t te;
    cairo_text_extents(cr, d->name, &te);
    double w = te.x_advance;
    const double cand[4][2] = {{d->x + d->r + 2, d->y + 3},
                               {d->x - d->r - 2 - w, d->y + 3},
                               {d->x - w / 2, d->y - d->r - 2},
                               {d->x - w / 2, d->y + d->r + 9}};
    place(cr, pl, v, cand, 4, d->name, 0);
  }
}
