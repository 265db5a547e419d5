/* report_find.c - which input files the report uses, and the assumptions they
 * state.
 *
 * Matching (include/soso/report_run.h): the region file does not name site or
 * community files, so the report looks beside it: every *.site.yaml is loaded and
 * each region site takes the one nearest to it (geodesic distance, at most
 * SOSO_REPORT_MATCH_KM); the site's community is the *.community.yaml nearest to
 * the site file's location. glob() sorts names, so ties go to the first name.
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
#include "soso/fileio.h"

#include <ctype.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int match_site(rpt *r, rpt_site *s, const glob_t *sites, const glob_t *comms) {
  double lon, lat;
  soso_region_site_lonlat(r->region, s->index, &lon, &lat);
  double best = SOSO_REPORT_MATCH_KM;
  const char *best_path = NULL;
  for (size_t k = 0; k < sites->gl_pathc; k++) {
    soso_site *site = NULL;
    soso_site_drivers d;
    if (soso_site_load_ex(&site, sites->gl_pathv[k], r->o->store) || soso_site_drivers_static(&d, site)) {
      soso_site_free(site);
      return soso_error_code();
    }
    double km = soso_geo_km(lat, lon, d.lat, d.lon);
    soso_site_free(site);
    if (km <= best) {
      best = km;
      best_path = sites->gl_pathv[k];
    }
  }
  if (!best_path) return 0;
  snprintf(s->site_path, sizeof s->site_path, "%s", best_path);
  if (soso_site_load_ex(&s->site, s->site_path, r->o->store) || soso_site_drivers_static(&s->drv, s->site))
    return soso_error_code();
  double cbest = HUGE_VAL;
  for (size_t k = 0; k < comms->gl_pathc; k++) {
    soso_community *c = NULL;
    if (soso_community_load(&c, comms->gl_pathv[k])) return soso_error_code();
    double km = soso_geo_km(s->drv.lat, s->drv.lon, c->lat, c->lon);
    if (km < cbest) {
      cbest = km;
      snprintf(s->comm_path, sizeof s->comm_path, "%s", comms->gl_pathv[k]);
      soso_community_free(s->comm);
      s->comm = c;
    } else {
      soso_community_free(c);
    }
  }
  if (!s->comm) {
    soso_site_free(s->site);
    s->site = NULL;
    s->site_path[0] = '\0';
  }
  return 0;
}

int rpt_match_files(rpt *r) {
  glob_t sites, comms;
  int rc = list(&sites, r->dir, "*.site.yaml");
  if (rc < 0) return rc;
  rc = list(&comms, r->dir, "*.community.yaml");
  if (rc < 0) {
    globfree(&sites);
    return rc;
  }
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) rc = match_site(r, &r->sites[i], &sites, &comms);
  globfree(&sites);
  globfree(&comms);
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
  soso_path_ext(path, ext, sizeof ext);
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
