/* geoindex.c - the unit-vector grid for fixed-radius neighbours on the sphere (see
 * geoindex.h for the design and why it is hand-written).
 *
 * Cell coordinates are floor((x + 1) / cell) per axis, packed 21 bits each into a
 * 64-bit key; the cell edge is never below 2 / (2^21 - 2), so every coordinate
 * fits. Points are sorted by (key, input index) with a stable LSD radix sort
 * (16-bit digits), which makes the layout, and so every result, independent of
 * the platform. The hash table is open addressing with linear probing at load
 * <= 1/4; it is used once per cell at build time to list each cell's non-empty
 * neighbour cells (a compressed row table: on the sphere's 2-D shell a cell has
 * about 9 of its 27), so queries do no hashing at all.
 */
#include "geoindex.h"

#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AXIS_BITS 21
#define AXIS_CELLS ((1u << AXIS_BITS) - 2u)

typedef struct keyed {
  uint64_t key; /* packed cell */
  size_t idx;   /* input index */
} keyed;

static const double k_pi = 3.14159265358979323846;
static const double k_deg = 0.017453292519943295769; /* pi / 180 */

void geoindex_unit(double out[3], double lat, double lon) {
  double fi = lat * k_deg, la = lon * k_deg;
  out[0] = cos(fi) * cos(la);
  out[1] = cos(fi) * sin(la);
  out[2] = sin(fi);
}

static uint64_t mix(uint64_t z) { /* splitmix64's finaliser */
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint32_t axis_of(double x, double cell) {
  double c = floor((x + 1.0) / cell);
  if (c < 0) c = 0;
  if (c > (double)AXIS_CELLS) c = (double)AXIS_CELLS;
  return (uint32_t)c;
}

static uint64_t pack(uint32_t a, uint32_t b, uint32_t c) {
  return ((uint64_t)a << (2 * AXIS_BITS)) | ((uint64_t)b << AXIS_BITS) | (uint64_t)c;
}

/* Stable LSD radix sort of n records by key (tmp holds n records). Returns the
 * buffer that holds the result (kd or tmp). */
static keyed *radix_sort(keyed *kd, keyed *tmp, size_t n, size_t *count) {
  for (unsigned shift = 0; shift < 64; shift += 16) {
    memset(count, 0, 65537 * sizeof *count);
    for (size_t i = 0; i < n; i++) count[((kd[i].key >> shift) & 0xffffu) + 1]++;
    if (count[1] == n) continue; /* every key has this digit: nothing to move */
    for (size_t d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (size_t i = 0; i < n; i++) tmp[count[(kd[i].key >> shift) & 0xffffu]++] = kd[i];
    keyed *t = kd;
    kd = tmp;
    tmp = t;
  }
  return kd;
}

/* Build-time hash table from cell key to cell (key and cell side by side, so a
 * probe touches one cache line). */
typedef struct hslot {
  uint64_t key;  /* packed cell coordinates */
  uint32_t cell; /* cell + 1, or 0 for an empty slot */
} hslot;

static long find_cell(const hslot *tab, size_t mask, uint64_t key) {
  for (size_t h = (size_t)mix(key) & mask;; h = (h + 1) & mask) {
    if (tab[h].cell == 0) return -1;
    if (tab[h].key == key) return (long)tab[h].cell - 1;
  }
}

/* The non-empty cells among the 27 around the cell with key k, in a fixed order. */
static size_t probe_cells(const hslot *tab, size_t mask, uint64_t k, uint32_t cells[27]) {
  const uint64_t m = (1u << AXIS_BITS) - 1u;
  uint32_t a = (uint32_t)(k >> (2 * AXIS_BITS)), b = (uint32_t)((k >> AXIS_BITS) & m),
           c = (uint32_t)(k & m);
  size_t nc = 0;
  for (uint32_t da = 0; da < 3; da++) {
    if (a + da < 1 || a + da - 1 > AXIS_CELLS) continue;
    for (uint32_t db = 0; db < 3; db++) {
      if (b + db < 1 || b + db - 1 > AXIS_CELLS) continue;
      for (uint32_t dc = 0; dc < 3; dc++) {
        if (c + dc < 1 || c + dc - 1 > AXIS_CELLS) continue;
        long cell = find_cell(tab, mask, pack(a + da - 1, b + db - 1, c + dc - 1));
        if (cell >= 0) cells[nc++] = (uint32_t)cell;
      }
    }
  }
  return nc;
}

void geoindex_free(geoindex *ix) {
  if (!ix) return;
  free(ix->xyz);
  free(ix->orig);
  free(ix->pos);
  free(ix->cellof);
  free(ix->key);
  free(ix->start);
  free(ix->nbr_start);
  free(ix->nbr);
  memset(ix, 0, sizeof *ix);
}

int geoindex_init(geoindex *ix, const double *lat, const double *lon, size_t n,
                  double radius_km) {
  memset(ix, 0, sizeof *ix);
  if (!(radius_km > 0) || !isfinite(radius_km))
    return soso_error_set(SOSO_EUSAGE, "eps_km: %g is not a positive distance", radius_km);
  if (n >= (size_t)UINT32_MAX)
    return soso_error_set(SOSO_EUSAGE, "%zu points: at most %u are supported", n,
                          UINT32_MAX - 1u);
  for (size_t i = 0; i < n; i++)
    if (!(lat[i] >= -90.0 && lat[i] <= 90.0) || !isfinite(lon[i]))
      return soso_error_set(SOSO_EUSAGE, "point %zu: (lat %g, lon %g) is not a coordinate", i,
                            lat[i], lon[i]);
  double ang = radius_km / SOSO_EARTH_RADIUS_KM;
  if (ang > k_pi) ang = k_pi;
  double chord = 2.0 * sin(0.5 * ang);
  /* Rounding in the unit vectors is ~1e-16; widening the bound by 1e-12 relative
   * keeps pairs at exactly the radius inside. */
  ix->chord2 = chord * chord * (1.0 + 1e-12);
  ix->cell = fmax(chord * (1.0 + 1e-9), 2.0 / (double)AXIS_CELLS);
  ix->n = n;

  hslot *tab = NULL;
  keyed *kd = malloc((n ? n : 1) * sizeof *kd), *tmp = malloc((n ? n : 1) * sizeof *tmp);
  size_t *count = malloc(65537 * sizeof *count);
  double *u = malloc((n ? 3 * n : 1) * sizeof *u); /* unit vectors in input order */
  ix->xyz = malloc((n ? 3 * n : 1) * sizeof *ix->xyz);
  ix->orig = malloc((n ? n : 1) * sizeof *ix->orig);
  ix->pos = malloc((n ? n : 1) * sizeof *ix->pos);
  ix->cellof = malloc((n ? n : 1) * sizeof *ix->cellof);
  if (!kd || !tmp || !count || !u || !ix->xyz || !ix->orig || !ix->pos || !ix->cellof)
    goto nomem;
  for (size_t i = 0; i < n; i++) {
    double *v = u + 3 * i;
    geoindex_unit(v, lat[i], lon[i]);
    kd[i].key = pack(axis_of(v[0], ix->cell), axis_of(v[1], ix->cell), axis_of(v[2], ix->cell));
    kd[i].idx = i;
  }
  const keyed *sorted = radix_sort(kd, tmp, n, count);

  size_t ncell = 0;
  for (size_t p = 0; p < n; p++)
    if (p == 0 || sorted[p].key != sorted[p - 1].key) ncell++;
  size_t cap = 16;
  while (cap < 4 * ncell) cap *= 2; /* load <= 1/4: short probes for absent cells */
  size_t mask = cap - 1;
  tab = calloc(cap, sizeof *tab);
  ix->key = malloc((ncell ? ncell : 1) * sizeof *ix->key);
  ix->start = malloc((ncell + 1) * sizeof *ix->start);
  ix->nbr_start = malloc((ncell + 1) * sizeof *ix->nbr_start);
  if (!tab || !ix->key || !ix->start || !ix->nbr_start) goto nomem;
  size_t c = 0;
  for (size_t p = 0; p < n; p++) {
    if (p == 0 || sorted[p].key != sorted[p - 1].key) {
      ix->key[c] = sorted[p].key;
      ix->start[c] = p;
      size_t h = (size_t)mix(sorted[p].key) & mask;
      while (tab[h].cell) h = (h + 1) & mask;
      tab[h].key = sorted[p].key;
      tab[h].cell = (uint32_t)(c + 1);
      c++;
    }
    size_t i = sorted[p].idx;
    ix->cellof[p] = (uint32_t)(c - 1);
    ix->orig[p] = i;
    ix->pos[i] = p;
    memcpy(ix->xyz + 3 * p, u + 3 * i, 3 * sizeof *u);
  }
  ix->start[ncell] = n;
  ix->ncell = ncell;

  /* Neighbour cells of every cell, into a table grown as needed. */
  size_t total = 0, nbr_cap = 12 * ncell + 27;
  ix->nbr = malloc(nbr_cap * sizeof *ix->nbr);
  if (!ix->nbr) goto nomem;
  for (size_t k = 0; k < ncell; k++) {
    if (total + 27 > nbr_cap) {
      nbr_cap *= 2;
      uint32_t *q = realloc(ix->nbr, nbr_cap * sizeof *q);
      if (!q) goto nomem;
      ix->nbr = q;
    }
    ix->nbr_start[k] = total;
    total += probe_cells(tab, mask, ix->key[k], ix->nbr + total);
  }
  ix->nbr_start[ncell] = total;
  free(tab);
  free(kd);
  free(tmp);
  free(count);
  free(u);
  return SOSO_OK;

nomem:
  free(tab);
  free(kd);
  free(tmp);
  free(count);
  free(u);
  geoindex_free(ix);
  return soso_error_set(SOSO_ENOMEM, "spatial index of %zu points: out of memory", n);
}

