/* dedup.c - one deposit imported from two sources counts once: records of
 * different sources with the same normalised name within a distance collapse into
 * the record that carries the most information; the others' ids go to its `also`.
 *
 * Why: public inventories repeat each other (the long inventory holds the USGS VMS
 * table's records under another source name), so a store fed with both holds the
 * same deposit twice at one place, and DBSCAN makes a "district" of the pair with a
 * span of 0 km.
 *
 * Invariants: names normalise to their letters and digits after Unicode folding
 * (soso_text_fold: NFKD, accents stripped, case folded - "Váddás" is "Vaddas",
 * "Trepča" is "Trepca"); records without a name never collapse, nor do two records
 * of one origin spelt the same (a source may list two bodies under one name). Two
 * records whose spellings differ only in accents, case or punctuation ("Trepca" and
 * "Trepča" in the USGS occurrences, 2.5 km apart) are one deposit entered twice by
 * different compilers, and collapse within SOSO_DEDUP_VARIANT_KM (the extent of one
 * mine's workings; an assumption), whatever their origin. The
 * origin is the source, or for ids "source:db/record" (the long inventory, which
 * merges several databases) the "source:db" part. In
 * each name group records are taken by information score, then id; each joins the
 * first kept record of another source within the distance whose members do not
 * yet include its source, else it is kept. The set stays sorted by id.
 */
#include "deposits/deposits_int.h"
#include "soso/districts.h"
#include "soso/geo.h"
#include "soso/error.h"
#include "soso/text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
  char *key;   /* normalised name (owned) */
  int score;   /* information score */
  size_t i;    /* index in the set */
  const char *id; /* the set's id (for a stable order) */
} entry;

static char *normalise(const char *s) { return soso_text_fold(s, 1); }

/* More is better: grades, tonnage, commodities, status and descriptive fields. */
static int score(const soso_deposits *s, size_t i) {
  int sc = 0;
  for (size_t k = s->first[i]; k < s->first[i + 1]; k++)
    sc += 1 + 2 * !isnan(s->items[k].value) + !isnan(s->items[k].contained_t);
  sc += 4 * !isnan(s->ore_mt[i]) + (s->status[i] != SOSO_STATUS_UNKNOWN);
  sc += (s->deposit_type[i][0] != '\0') + (s->category[i][0] != '\0') + (s->country[i][0] != '\0');
  return sc;
}

static int cmp_entry(const void *pa, const void *pb) {
  const entry *a = pa, *b = pb;
  int c = strcmp(a->key, b->key);
  if (c) return c;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return strcmp(a->id, b->id);
}

/* Length of the origin part of an id: up to its last '/' after the source prefix
 * ("inventory_long_world:umn/mrdata_vms/669": the long inventory's records carry
 * the database they come from), else the whole source prefix up to ':'. */
static size_t origin_len(const char *id) {
  const char *colon = strchr(id, ':'), *slash = strrchr(id, '/');
  if (slash && (!colon || slash > colon)) return (size_t)(slash - id);
  return colon ? (size_t)(colon - id) : strlen(id);
}

static int same_origin(const char *a, const char *b) {
  size_t la = origin_len(a), lb = origin_len(b);
  return la == lb && strncmp(a, b, la) == 0;
}

/* 1 if the ';'-joined id list has an id of id's origin. */
static int list_has_origin(const char *list, const char *id) {
  size_t lo = origin_len(id);
  for (const char *p = list; p && *p;) {
    size_t len = strcspn(p, ";");
    if (origin_len(p) == lo && strncmp(p, id, lo) == 0) return 1;
    p += len + (p[len] == ';');
  }
  return 0;
}

/* The also of kept record g[k]: its earlier also (a set deduplicated before), the
 * ids of the records whose rep is k and their earlier also, joined by ';'. Sets *o
 * (NULL if none). */
static int join_also(char **o, const soso_deposits *s, const entry *g, size_t ng,
                     const size_t *rep, size_t k) {
  const char *old = s->also[g[k].i];
  size_t len = old ? strlen(old) + 1 : 0;
  for (size_t m = 0; m < ng; m++)
    if (rep[m] == k) {
      const char *mo = s->also[g[m].i]; /* a member's own earlier also comes along */
      len += strlen(s->id[g[m].i]) + 1 + (mo ? strlen(mo) + 1 : 0);
    }
  *o = NULL;
  if (!len) return 0;
  char *t = malloc(len);
  if (!t) return soso_error_set(SOSO_ENOMEM, "out of memory");
  strcpy(t, old ? old : "");
  for (size_t m = 0; m < ng; m++)
    if (rep[m] == k) {
      if (t[0]) strcat(t, ";");
      strcat(t, s->id[g[m].i]);
      if (s->also[g[m].i]) {
        strcat(t, ";");
        strcat(t, s->also[g[m].i]);
      }
    }
  *o = t;
  return 0;
}

/* Decides the records of one name group (g sorted by score): drop[i] = 1 for each
 * record that joins another, whose also gets its id. */
static int group(soso_deposits *s, const entry *g, size_t ng, double km, size_t *rep,
                 unsigned char *drop) {
  for (size_t m = 0; m < ng; m++) {
    rep[m] = SIZE_MAX;
    size_t a = g[m].i;
    for (size_t k = 0; k < m && rep[m] == SIZE_MAX; k++) {
      size_t b = g[k].i;
      if (rep[k] != SIZE_MAX) continue;
      double d = soso_geo_km(s->lat[a], s->lon[a], s->lat[b], s->lon[b]);
      if (strcmp(s->name[a], s->name[b]) != 0) {
        /* two spellings of one name (accents, case): one deposit entered twice by
         * compilers who also placed it differently */
        if (!(d <= (km > SOSO_DEDUP_VARIANT_KM ? km : SOSO_DEDUP_VARIANT_KM))) continue;
      } else if (same_origin(s->id[a], s->id[b]) || d > km) {
        continue;
      }
      /* The kept record already has a member of this origin (now or from an
       * earlier pass). */
      int taken = list_has_origin(s->also[b], s->id[a]);
      for (size_t j = 0; j < m && !taken; j++)
        taken = rep[j] == k && same_origin(s->id[g[j].i], s->id[a]);
      if (!taken) rep[m] = k;
    }
    if (rep[m] != SIZE_MAX) drop[a] = 1;
  }
  for (size_t k = 0; k < ng; k++) {
    int any = 0;
    for (size_t m = 0; m < ng; m++) any |= rep[m] == k;
    if (rep[k] != SIZE_MAX || !any) continue;
    char *also = NULL;
    if (join_also(&also, s, g, ng, rep, k) < 0) return SOSO_ENOMEM;
    free(s->also[g[k].i]);
    s->also[g[k].i] = also;
  }
  return 0;
}

/* Removes the records marked in drop, keeping order; items and main follow. */
static void compact(soso_deposits *s, const unsigned char *drop) {
  size_t w = 0, wi = 0;
  for (size_t i = 0; i < s->n; i++) {
    size_t f0 = s->first[i], f1 = s->first[i + 1];
    if (drop[i]) {
      char *strs[] = {s->id[i], s->name[i], s->country[i], s->country_raw[i],
                      s->deposit_type[i], s->category[i], s->source[i], s->also[i]};
      for (size_t a = 0; a < sizeof strs / sizeof strs[0]; a++) free(strs[a]);
      if (s->country_source) free(s->country_source[i]);
      continue;
    }
    s->id[w] = s->id[i];
    s->name[w] = s->name[i];
    s->country[w] = s->country[i];
    s->country_raw[w] = s->country_raw[i];
    s->deposit_type[w] = s->deposit_type[i];
    s->category[w] = s->category[i];
    s->source[w] = s->source[i];
    s->also[w] = s->also[i];
    if (s->country_source) s->country_source[w] = s->country_source[i];
    s->lat[w] = s->lat[i];
    s->lon[w] = s->lon[i];
    s->ore_mt[w] = s->ore_mt[i];
    s->status[w] = s->status[i];
    s->crm[w] = s->crm[i];
    s->eq[w] = s->eq[i];
    memmove(s->items + wi, s->items + f0, (f1 - f0) * sizeof *s->items);
    s->first[w] = wi;
    wi += f1 - f0;
    w++;
  }
  s->first[w] = wi;
  s->n = w;
  s->n_items = wi;
  for (size_t i = 0; i < s->n; i++)
    s->main[i] = s->first[i + 1] > s->first[i] ? s->items[s->first[i]].code : "";
}

int soso_deposits_dedup(soso_deposits *set, double km, size_t *n_removed) {
  if (n_removed) *n_removed = 0;
  if (!(km >= 0)) return soso_error_set(SOSO_EUSAGE, "dedup: distance %g km is not >= 0", km);
  if (!set->also && set->n && !(set->also = calloc(set->n, sizeof *set->also)))
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  if (set->n < 2) return 0;
  size_t n = set->n;
  entry *e = calloc(n, sizeof *e);
  size_t *rep = malloc(n * sizeof *rep);
  unsigned char *drop = calloc(n, 1);
  int rc = !e || !rep || !drop ? soso_error_set(SOSO_ENOMEM, "out of memory") : 0;
  for (size_t i = 0; i < n && !rc; i++) {
    e[i] = (entry){normalise(set->name[i]), score(set, i), i, set->id[i]};
    if (!e[i].key) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  if (!rc) qsort(e, n, sizeof *e, cmp_entry);
  for (size_t a = 0, b; a < n && !rc; a = b) {
    for (b = a + 1; b < n && strcmp(e[a].key, e[b].key) == 0;) b++;
    if (e[a].key[0] && b - a > 1) rc = group(set, e + a, b - a, km, rep, drop);
  }
  if (!rc) {
    size_t removed = 0;
    for (size_t i = 0; i < n; i++) removed += drop[i];
    if (removed) compact(set, drop);
    if (n_removed) *n_removed = removed;
  }
  if (e)
    for (size_t i = 0; i < n; i++) free(e[i].key);
  free(e);
  free(rep);
  free(drop);
  return rc;
}
