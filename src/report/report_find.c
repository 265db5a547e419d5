/* report_find.c - which input files the report uses, and the assumptions they
 * state.
 *
 * Matching (include/soso/report.h): a region site's file is the one the region
 * file names (sites[].site); only for entries without one (a bare `mine:`), every
 * *.site.yaml beside the region file is loaded once and the nearest within
 * SOSO_REPORT_MATCH_KM is taken (a documented fallback; glob() sorts names, so ties
 * go to the first name). A site's community is the nearest of the region's
 * communities that name a file (communities[].file), loaded once and shared.
 *
 * Assumptions: a YAML line whose comment contains the word "assumption" (any case)
 * is one assumption (setting = the text before the '#', note = the comment); a
 * whole-line comment is one only in CSV files (their header notes), since YAML
 * headers merely say how the lines are marked; items of the region file's
 * `assumptions:` list are assumptions too.
 */
#define _GNU_SOURCE
#include "report/report_int.h"

#include "soso/error.h"
#include "soso/geo.h"
#include "soso/afile.h"

#include <ctype.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

static int nomem(void) { return soso_error_set(SOSO_ENOMEM, "report: out of memory"); }

/* Paths matching dir/pattern into *g (caller globfree()s); 0 when none. */
static int list(glob_t *g, const char *dir, const char *pattern) {
  char pat[RPT_PATH + 64];
  snprintf(pat, sizeof pat, "%s/%s", dir, pattern);
  memset(g, 0, sizeof *g);
  int rc = glob(pat, 0, NULL, g);
  if (rc == GLOB_NOMATCH) return 0;
  if (rc != 0) return soso_error_set(SOSO_EIO, "%s: cannot list %s", dir, pattern);
  return 0;
}

/* Fallback for region entries without a `site:` key: every *.site.yaml beside the
 * region file is loaded ONCE, and each such region site takes the nearest within
 * SOSO_REPORT_MATCH_KM; files not taken are freed. */
static int match_by_distance(rpt *r) {
  int need = 0;
  for (size_t i = 0; i < r->n_sites; i++) need |= !r->sites[i].site;
  if (!need) return 0;
  glob_t g;
  int rc = list(&g, r->dir, "*.site.yaml");
  if (rc < 0) return rc;
  size_t n = g.gl_pathc;
  soso_site **cand = calloc(n ? n : 1, sizeof *cand);
  soso_site_drivers *dv = calloc(n ? n : 1, sizeof *dv);
  if (!cand || !dv) rc = nomem();
  for (size_t k = 0; k < n && rc == 0; k++)
    if (soso_site_load_ex(&cand[k], g.gl_pathv[k], r->o->store) || soso_site_drivers_static(&dv[k], cand[k]))
      rc = soso_error_code();
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    rpt_site *s = &r->sites[i];
    if (s->site) continue;
    double lon, lat, best = SOSO_REPORT_MATCH_KM;
    size_t kb = SIZE_MAX;
    soso_region_site_lonlat(r->region, i, &lon, &lat);
    for (size_t k = 0; k < n; k++) {
      if (!cand[k]) continue;
      double km = soso_geo_km(lat, lon, dv[k].lat, dv[k].lon);
      if (km <= best) best = km, kb = k;
    }
    if (kb == SIZE_MAX) continue;
    snprintf(s->site_path, sizeof s->site_path, "%s", g.gl_pathv[kb]);
    s->site = cand[kb];
    s->drv = dv[kb];
    cand[kb] = NULL;
  }
  for (size_t k = 0; k < n && cand; k++) soso_site_free(cand[k]);
  free(cand);
  free(dv);
  globfree(&g);
  return rc;
}

/* Site files: the ones the region file names (sites[].site), else the fallback
 * above. Community: the region community nearest to the site among those with a
 * file (communities[].file), from the region's own distance table; each community
 * file is loaded once into r->comms and shared by its sites. */
int rpt_match_files(rpt *r) {
  int rc = 0;
  size_t nc = soso_region_n_communities(r->region);
  r->comms = calloc(nc ? nc : 1, sizeof *r->comms);
  if (!r->comms) return nomem();
  r->n_comms = nc;
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    rpt_site *s = &r->sites[i];
    const char *f = soso_region_site_file(r->region, i);
    if (!f[0]) continue;
    snprintf(s->site_path, sizeof s->site_path, "%s", f);
    if (soso_site_load_ex(&s->site, f, r->o->store) || soso_site_drivers_static(&s->drv, s->site))
      rc = soso_error_code();
  }
  if (rc == 0) rc = match_by_distance(r);
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    rpt_site *s = &r->sites[i];
    if (!s->site) continue;
    size_t best = soso_region_site_community(r->region, i);
    if (best == (size_t)-1) { /* no community file: the site is not assessed */
      soso_site_free(s->site);
      s->site = NULL;
      s->site_path[0] = '\0';
      continue;
    }
    const char *cf = soso_region_community_file(r->region, best);
    if (!r->comms[best] && soso_community_load(&r->comms[best], cf)) rc = soso_error_code();
    s->comm = r->comms[best];
    snprintf(s->comm_path, sizeof s->comm_path, "%s", cf);
  }
  return rc;
}

/* Assumptions ------------------------------------------------------------------ */

static char *trimdup(const char *s, size_t n) {
  while (n && isspace((unsigned char)*s)) s++, n--;
  while (n && isspace((unsigned char)s[n - 1])) n--;
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

static int add(rpt *r, const char *path, size_t line, const char *setting, size_t ns,
               const char *note, size_t nn) {
  if (r->n_as == r->cap_as) {
    size_t cap = r->cap_as ? 2 * r->cap_as : 64;
    rpt_assumption *a = realloc(r->as, cap * sizeof *a);
    if (!a) return nomem();
    r->as = a;
    r->cap_as = cap;
  }
  const char *base = strrchr(path, '/');
  rpt_assumption *a = &r->as[r->n_as];
  a->file = trimdup(base ? base + 1 : path, strlen(base ? base + 1 : path));
  a->line = line;
  a->setting = trimdup(setting, ns);
  a->note = trimdup(note, nn);
  if (!a->file || !a->setting || !a->note) {
    free(a->file);
    free(a->setting);
    free(a->note);
    return nomem();
  }
  r->n_as++;
  return 0;
}

/* 1 if the file was scanned already (a mine file used by two sites). */
static int seen(const rpt *r, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  for (size_t i = 0; i < r->n_as; i++)
    if (strcmp(r->as[i].file, base) == 0) return 1;
  return 0;
}

/* The '#' that starts a comment (not inside quotes), or NULL. */
static const char *comment_of(const char *s) {
  char q = 0;
  for (; *s; s++) {
    if (q) {
      if (*s == q) q = 0;
    } else if (*s == '"' || *s == '\'') {
      q = *s;
    } else if (*s == '#') {
      return s;
    }
  }
  return NULL;
}

static int scan(rpt *r, const char *path) {
  if (!path || !path[0] || seen(r, path)) return 0;
  FILE *f = fopen(path, "r");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot open", path);
  char ext[16];
  soso_afile_path_ext(path, ext, sizeof ext);
  int csv = strcasecmp(ext, "csv") == 0;
  char buf[4096];
  size_t line = 0;
  int in_list = 0, rc = 0;
  while (rc == 0 && fgets(buf, sizeof buf, f)) {
    line++;
    buf[strcspn(buf, "\r\n")] = '\0';
    const char *c = comment_of(buf);
    const char *text = buf;
    while (isspace((unsigned char)*text)) text++;
    /* The region file's assumptions: list. */
    if (strncmp(buf, "assumptions:", 12) == 0) {
      in_list = 1;
      continue;
    }
    if (in_list) {
      if (text[0] == '-') {
        const char *item = text + 1;
        size_t n = c ? (size_t)(c - item) : strlen(item);
        while (n && isspace((unsigned char)*item)) item++, n--;
        if (n >= 2 && item[0] == '"') item++, n -= 2;
        while (n && (item[n - 1] == '"' || isspace((unsigned char)item[n - 1]))) n--;
        rc = add(r, path, line, "", 0, item, n);
        continue;
      }
      if (buf[0] && !isspace((unsigned char)buf[0]) && buf[0] != '#') in_list = 0;
    }
    if (!c || !strcasestr(c, "assumption")) continue;
    size_t ns = (size_t)(c - buf);
    int comment_only = text == c;
    if (comment_only && !csv) continue;
    const char *note = c + 1;
    while (*note == '#' || isspace((unsigned char)*note)) note++;
    /* Drop the leading "assumption:" label; the table says what it is. */
    if (strncasecmp(note, "assumption", 10) == 0) {
      const char *rest = note + 10;
      while (*rest == ':' || *rest == ' ') rest++;
      if (*rest) note = rest;
      else note = "assumed";
    }
    rc = add(r, path, line, buf, comment_only ? 0 : ns, note, strlen(note));
  }
  fclose(f);
  return rc;
}

int rpt_collect_assumptions(rpt *r) {
  int rc = scan(r, r->region_path);
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->site) continue;
    rc = scan(r, s->site_path);
    if (rc == 0) rc = scan(r, soso_site_mine(s->site)->path);
    if (rc == 0) rc = scan(r, s->comm_path);
    if (rc == 0 && s->drv.io_table) rc = scan(r, s->drv.io_table);
  }
  return rc;
}

void rpt_assumptions_free(rpt *r) {
  for (size_t i = 0; i < r->n_as; i++) {
    free(r->as[i].file);
    free(r->as[i].setting);
    free(r->as[i].note);
  }
  free(r->as);
  r->as = NULL;
  r->n_as = r->cap_as = 0;
}
