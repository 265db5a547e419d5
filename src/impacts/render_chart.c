/* render_chart.c - the assessment as a figure in the style of the policy brief's
 * Figure 2: one card per dimension with its significance before and after
 * measures and its first triggered opportunity and challenge.
 *
 * Drawn on a soso_canvas (cairo; PNG/SVG/PDF, written atomically). Colours: adverse
 * impacts in an amber-to-red ramp, benefits in a green ramp, negligible in grey; the
 * significance is always printed in words too, so the figure reads in grey scale
 * and for colour-blind readers. Text wraps on word boundaries and is cut with an
 * ellipsis when a card is full.
 */
#include "impacts/impacts_int.h"
#include "core/i18n_int.h"
#include "soso/i18n.h"
#include "soso/chart.h"
#include "soso/error.h"
#include "chart/canvas_int.h"

#include <cairo.h>
#include <stdio.h>
#include <string.h>

#define FONT "DejaVu Sans"
/* Sizes for print (issue 11: chart text at least 7 pt printed). The report prints a
 * figure at most 483 pt wide (A4 text width) and about 678 pt tall (the page less
 * its caption), so a PAGE_W-wide figure shrinks to 483 / 600 = 0.805, or to
 * 678 / height when taller than 842 pt (five rows of cards: 854 pt, 0.794). No
 * text is drawn below FS_MIN = 9 pt: 9 x 0.794 = 7.1 pt on paper. Text that does
 * not fit is wrapped or cut with an ellipsis, never shrunk below FS_MIN.
 * tests/chart/text_size.sh measures it. */
#define PAGE_W 600.0
#define MARGIN 20.0
#define FS_MIN 9.0
#define LH 11.0      /* line height of FS_MIN text */
#define CARD_H 130.0 /* one dimension's card */
#define CARD_GAP 8.0
#define HEAD_H 122.0 /* title, subtitle and legend above the cards */
#define FOOT_H 52.0  /* summary and source lines below them */

/* Words of the rules file's enums shown on the chart, for the catalogs (xgettext
 * reads only literals): level names and the mitigation hierarchy; "negligible" and
 * the significance words are there already. */
__attribute__((unused)) static const char *const k_words[] = {
    N_("low"), N_("medium"), N_("high"), N_("avoid"), N_("minimise"), N_("restore"),
    N_("offset"), N_("enhance")};

static void font(cairo_t *cr, double size, int bold) {
  cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

static double text_w(cairo_t *cr, const char *s) {
  cairo_text_extents_t te;
  cairo_text_extents(cr, s, &te);
  return te.x_advance;
}

static void rgb(cairo_t *cr, unsigned hex) {
  cairo_set_source_rgb(cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
                       (hex & 255) / 255.0);
}

static void text(cairo_t *cr, double x, double y, const char *s) {
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

/* Wraps s into width w from baseline y, at most max_lines lines of height lh;
 * returns the baseline after the last line. */
static double wrap(cairo_t *cr, double x, double y, double w, double lh, const char *s,
                   int max_lines) {
  char line[1024] = "", word[256], trial[1024];
  int lines = 0;
  const char *p = s;
  while (*p && lines < max_lines) {
    while (*p == ' ') p++;
    size_t n = strcspn(p, " ");
    if (n >= sizeof word) n = sizeof word - 1;
    memcpy(word, p, n);
    word[n] = '\0';
    p += n;
    size_t ll = strlen(line);
    if (ll + n + 2 >= sizeof trial) break; /* a card never holds that much */
    memcpy(trial, line, ll);
    if (ll) trial[ll++] = ' ';
    memcpy(trial + ll, word, n + 1);
    if (*line && text_w(cr, trial) > w) {
      if (lines == max_lines - 1) { /* last line: ellipsis */
        strcat(line, " \xe2\x80\xa6"); /* U+2026 ellipsis */
        text(cr, x, y, line);
        return y + lh;
      }
      text(cr, x, y, line);
      y += lh;
      lines++;
      memcpy(line, word, n + 1);
    } else {
      memcpy(line, trial, strlen(trial) + 1);
    }
  }
  if (*line && lines < max_lines) {
    text(cr, x, y, line);
    y += lh;
  }
  return y;
}

static unsigned sig_colour(soso_significance s, int direction) {
  static const unsigned neg[] = {0xE3E3E3, 0xF6D68B, 0xEE8E3A, 0xB8322A};
  static const unsigned pos[] = {0xE3E3E3, 0xC9E4C5, 0x74B77A, 0x2C7A45};
  return direction > 0 ? pos[s] : neg[s];
}

/* A rounded chip with a significance word; returns its width. */
static double chip(cairo_t *cr, double x, double y, soso_significance s, int dir) {
  font(cr, FS_MIN, 1);
  const char *w = _(soso_impacts_significance_name(s));
  double tw = text_w(cr, w), cw = tw + 12, ch = 15, r = 7;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + cw - r, y + r, r, -1.5708, 0);
  cairo_arc(cr, x + cw - r, y + ch - r, r, 0, 1.5708);
  cairo_arc(cr, x + r, y + ch - r, r, 1.5708, 3.1416);
  cairo_arc(cr, x + r, y + r, r, 3.1416, 4.7124);
  cairo_close_path(cr);
  rgb(cr, sig_colour(s, dir));
  cairo_fill(cr);
  rgb(cr, s >= SOSO_SIG_MODERATE && (dir < 0 ? s == SOSO_SIG_MAJOR : 1) ? 0xFFFFFF : 0x222222);
  if (dir < 0 && s == SOSO_SIG_MODERATE) rgb(cr, 0x222222);
  text(cr, x + 6, y + 11, w);
  return cw;
}

/* Draws s shrunk (down to FS_MIN) to fit width w, then cut with an ellipsis. */
static void fit_text(cairo_t *cr, double x, double y, double w, const char *s, double size) {
  font(cr, size, 1);
  while (size > FS_MIN && text_w(cr, s) > w) font(cr, size -= 0.5, 1);
  wrap(cr, x, y, w, LH, s, 1);
}

/* A list of findings under a label; stops when the card is full. Returns y. */
static double items(cairo_t *cr, double x, double y, double w, double ymax, const char *sign,
                    unsigned colour, const soso_finding *f, size_t n, size_t max) {
  const double lh = LH;
  if (n == 0) {
    font(cr, FS_MIN, 0);
    rgb(cr, 0x888888);
    text(cr, x + 12, y, _("none triggered for this site"));
    font(cr, 10, 1);
    rgb(cr, colour);
    text(cr, x, y, sign);
    return y + lh + 3;
  }
  for (size_t i = 0; i < n && i < max; i++) {
    if (y + lh > ymax) break;
    font(cr, 10, 1);
    rgb(cr, colour);
    text(cr, x, y, sign);
    font(cr, FS_MIN, 0);
    rgb(cr, 0x222222);
    int lines = (int)((ymax - y) / lh) + 1;
    y = wrap(cr, x + 12, y, w - 12, lh, f[i].text, lines < 2 ? lines : 2) + 3;
  }
  return y + 2;
}

static void card(cairo_t *cr, const soso_dimension *d, size_t k, double x, double y, double w,
                 double h) {
  /* frame and the direction band on the left */
  rgb(cr, 0xFAFAFA);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill_preserve(cr);
  rgb(cr, 0xBBBBBB);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  rgb(cr, d->direction > 0 ? 0x2C7A45 : 0x5B5B5B);
  cairo_rectangle(cr, x, y, 5, h);
  cairo_fill(cr);

  /* before -> after chips at the top right */
  font(cr, FS_MIN, 1);
  double wa = text_w(cr, _(soso_impacts_significance_name(d->significance_after))) + 12;
  double wb = text_w(cr, _(soso_impacts_significance_name(d->significance))) + 12;
  double cx = x + w - 8 - wa;
  chip(cr, cx, y + 6, d->significance_after, d->direction);
  rgb(cr, 0x444444);
  font(cr, 10, 1);
  text(cr, cx - 14, y + 17.5, "\xe2\x86\x92"); /* U+2192 rightwards arrow */
  double bx = cx - 18 - wb;
  chip(cr, bx, y + 6, d->significance, d->direction);

  char head[160];
  snprintf(head, sizeof head, "%zu  %s", k + 1, d->name);
  rgb(cr, 0x111111);
  fit_text(cr, x + 12, y + 18, bx - x - 18, head, 11);
  font(cr, FS_MIN, 0);
  rgb(cr, 0x555555);
  char sub[200];
  char dir[64];
  snprintf(dir, sizeof dir, "%s (%s)", d->direction > 0 ? _("benefit") : _("adverse"),
           d->direction > 0 ? "+" : "\xe2\x88\x92");
  snprintf(sub, sizeof sub, _("%s  |  magnitude %s%s%s, sensitivity %s"), dir,
           _(soso_impacts_level_name(d->magnitude)),
           d->magnitude_after != d->magnitude ? " \xe2\x86\x92 " : "",
           d->magnitude_after != d->magnitude ? _(soso_impacts_level_name(d->magnitude_after)) : "",
           _(soso_impacts_level_name(d->sensitivity)));
  wrap(cr, x + 12, y + 32, w - 20, LH, sub, 1);

  /* the first opportunity and the first challenge, two lines each */
  double ymax = y + h - 34, tw = w - 22;
  double ty = items(cr, x + 12, y + 46, tw, ymax, "+", 0x2C7A45, d->opportunities,
                    d->n_opportunities, 1);
  items(cr, x + 12, ty, tw, ymax, "\xe2\x88\x92", 0xB8322A, d->challenges, d->n_challenges, 1);

  /* the measure credited for "after" (else the first), in one line at the bottom */
  const soso_measure_use *m = NULL;
  for (size_t i = 0; i < d->n_measures && !m; i++)
    if (d->measures[i].steps * d->direction > 0) m = &d->measures[i];
  if (!m && d->n_measures) m = &d->measures[0];
  cairo_set_line_width(cr, 0.5);
  rgb(cr, 0xDDDDDD);
  cairo_move_to(cr, x + 12, y + h - 31);
  cairo_line_to(cr, x + w - 8, y + h - 31);
  cairo_stroke(cr);
  if (m) {
    char lab[64];
    snprintf(lab, sizeof lab, _("Measure (%s):"), _(m->hierarchy));
    font(cr, FS_MIN, 1);
    rgb(cr, 0x333333);
    text(cr, x + 12, y + h - 19, lab);
    double lw = text_w(cr, lab) + 4;
    font(cr, FS_MIN, 0);
    wrap(cr, x + 12 + lw, y + h - 19, tw - lw, LH, m->text, 1);
  }
  font(cr, FS_MIN, 0);
  rgb(cr, 0x777777);
  char more[160];
  snprintf(more, sizeof more, _("In all: opportunities %zu, challenges %zu, measures %zu"),
           d->n_opportunities, d->n_challenges, d->n_measures);
  wrap(cr, x + 12, y + h - 6, tw, LH, more, 1);
}

/* Two rows: the adverse ramp, then the benefit ramp under it. */
static void legend(cairo_t *cr, double x, double y) {
  font(cr, FS_MIN, 0);
  rgb(cr, 0x333333);
  char lab[160]; /* msgids are ASCII (xgettext): the arrow is an argument */
  snprintf(lab, sizeof lab, _("Significance (before %s after measures):"), "\xe2\x86\x92");
  text(cr, x, y + 11, lab);
  double lx = x + text_w(cr, lab) + 10;
  for (int row = 0; row < 2; row++) {
    font(cr, FS_MIN, 0);
    rgb(cr, 0x333333);
    text(cr, lx, y + 11 + 18 * row, row ? _("benefit") : _("adverse"));
    double cx = lx + 52;
    for (int s = 0; s < 4; s++)
      cx += chip(cr, cx, y + 18 * row, (soso_significance)s, row ? +1 : -1) + 4;
  }
}

int soso_impacts_chart(const soso_assessment *a, const char *path) {
  soso_canvas *cv = NULL;
  cairo_t *cr = NULL;
  size_t rows = (a->n_dims + 1) / 2;
  double page_h = HEAD_H + (double)rows * CARD_H + (double)(rows ? rows - 1 : 0) * CARD_GAP +
                  FOOT_H;
  int rc = soso__canvas_new(&cv, &cr, path, PAGE_W, page_h);
  if (rc) return rc;
  rgb(cr, 0xFFFFFF);
  cairo_paint(cr);
  char title[300];
  snprintf(title, sizeof title, _("Social impacts of small-scale mining: %s"), a->site_name);
  rgb(cr, 0x111111);
  fit_text(cr, MARGIN, MARGIN + 12, PAGE_W - 2 * MARGIN, title, 14);
  font(cr, FS_MIN + 0.5, 0);
  rgb(cr, 0x444444);
  char sub[400];
  snprintf(sub, sizeof sub, _("Community: %s.  Screening assessment after the IMP@CT brief's "
           "Figure 2: per dimension, significance before and after measures, the first "
           "opportunities (+) and challenges (%s) triggered, and the measure credited."),
           a->community_name, "\xe2\x88\x92");
  wrap(cr, MARGIN, MARGIN + 30, PAGE_W - 2 * MARGIN, 12.5, sub, 3);
  legend(cr, MARGIN, MARGIN + 64);

  double top = HEAD_H, gap = CARD_GAP, ch = CARD_H;
  double cw = (PAGE_W - 2 * MARGIN - gap) / 2;
  for (size_t i = 0; i < a->n_dims; i++) {
    size_t r = i / 2, c = i % 2;
    card(cr, &a->dims[i], i, MARGIN + (double)c * (cw + gap), top + (double)r * (ch + gap), cw,
         ch);
  }
  double fy = top + (double)rows * ch + (double)(rows ? rows - 1 : 0) * gap;
  font(cr, FS_MIN, 0);
  rgb(cr, 0x333333);
  char foot[1200];
  char gm[32], jl[32];
  soso_i18n_number(gm, sizeof gm, a->closure.guarantee_eur / 1e6, 2, 0);
  soso_i18n_number(jl, sizeof jl, a->closure.jobs_lost, 0, 0);
  snprintf(foot, sizeof foot, _("Modern SSM check: %zu of %zu criteria met.  Financial guarantee "
           "(EWD 2006/21/EC Art. 14): EUR %s million.  Jobs lost at closure: %s.  Basis: %s"),
           a->ssm_met, a->n_ssm, gm, jl, a->basis);
  /* basis is at most SOSO_REASON_MAX, foot holds it whole */
  wrap(cr, MARGIN, fy + 16, PAGE_W - 2 * MARGIN, LH, foot, 2);
  font(cr, FS_MIN, 0);
  rgb(cr, 0x777777);
  char src[400];
  snprintf(src, sizeof src, _("Significance = magnitude x sensitivity matrix (standard EIA/SIA "
           "practice); rules: %s. Made with soso impacts."), strrchr(a->rules_path, '/')
           ? strrchr(a->rules_path, '/') + 1 : a->rules_path);
  wrap(cr, MARGIN, fy + 16 + 2 * LH + 2, PAGE_W - 2 * MARGIN, LH, src, 1);
  return soso__canvas_save(cv);
}
