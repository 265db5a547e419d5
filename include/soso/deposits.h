/* deposits.h - the deposit knowledge base: import, normalise, screen.
 *
 * A deposit is one record of a source (a file or a named dataset): public id
 * "<source>:<record_id>", name, ISO 3166-1 alpha-2 country, WGS84 lat/lon, status,
 * deposit type, ore tonnage (Mt), resource category and a list of commodities,
 * each optionally graded (value + unit) with the contained metal derived from it.
 *
 * Units and derived figures (the invariants every module relies on):
 * - grade units are "%" (base metals, converted from "percent", "kg/t" = 0.1 %),
 *   "g/t" (precious metals; also "gpt", "gram per tonne") or "ppm";
 * - contained metal is always in tonnes: ore_mt * 1e6 * value / 100 for "%",
 *   ore_mt * value for "g/t" and "ppm" (1 Mt x 1 g/t = 1 t);
 * - commodity codes are lowercase element symbols ("zn", "pb", "ag", "w") or, for
 *   materials that are not one element, a short lowercase word ("fluorspar",
 *   "baryte", "graphite", "phosphate", "potash", "ree", "pge", ...);
 * - a missing number is NAN, never 0.
 * Importing a source again updates its deposits (UPSERT on source + record id).
 */
#ifndef SOSO_DEPOSITS_H
#define SOSO_DEPOSITS_H

#include "soso/store.h"

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- vocabulary ------------------------------------------------------------- */

enum { SOSO_CODE_MAX = 16 }; /* commodity code incl. NUL ("phosphate") */

typedef enum soso_status {
  SOSO_STATUS_UNKNOWN = 0,
  SOSO_STATUS_MINE = 1,       /* producing */
  SOSO_STATUS_PAST_MINE = 2,  /* produced in the past */
  SOSO_STATUS_DEPOSIT = 3,    /* delineated resource (tonnage known) */
  SOSO_STATUS_PROSPECT = 4,   /* explored, no resource */
  SOSO_STATUS_OCCURRENCE = 5  /* known mineralisation only */
} soso_status;

/* "mine", "past mine", "deposit", "prospect", "occurrence" or "unknown". */
const char *soso_deposits_status_name(soso_status s);

/* Parses a status word (case-insensitive; "past_mine", "past-mine", "past
 * producer", "producer", "showing" accepted). SOSO_EDATA if unknown. */
int soso_deposits_status_parse(soso_status *out, const char *s);

/* Commodity code of a commodity name, element symbol or main ore mineral
 * (case-insensitive): "Zinc", "Zn", "sphalerite" -> "zn"; "Tungsten", "W",
 * "wolframite" -> "w"; "Platinum group metals", "PGE" -> "pge". out gets "" and
 * SOSO_ENOTFOUND when the name is not a commodity (gangue, "Sulfides", ...). */
int soso_deposits_commodity_code(char out[SOSO_CODE_MAX], const char *name);

/* English name of a code ("zn" -> "Zinc"); the code itself if unknown. */
const char *soso_deposits_commodity_name(const char *code);

/* 1 for precious metals whose grades are in g/t (au, ag, pt, pd, rh, ru, ir, os,
 * pge), else 0. */
int soso_deposits_commodity_is_precious(const char *code);

/* Normalises a grade unit: "%", "pct", "percent" -> "%"; "g/t", "gt", "gpt",
 * "gram per tonne" -> "g/t"; "ppm", "parts per million" -> "ppm";
 * "kg/t", "kilogram per tonne" -> "%" with *factor 0.1. The value in the given
 * unit times *factor is the value in *out. SOSO_EDATA for volumetric or unknown
 * units ("g/m3"). */
int soso_deposits_unit_parse(char out[4], double *factor, const char *unit);

/* Normalises a tonnage unit to Mt: "Mt", "million tonnes" -> 1; "t", "tonnes" ->
 * 1e-6; "million short tons" -> 0.90718474; "short tons" -> 0.90718474e-6;
 * "million pounds (avdp)" -> 0.45359237e-3.
 * SOSO_EDATA for volumes ("cubic metres") and unknown units. */
int soso_deposits_tonnage_unit_parse(double *to_mt, const char *unit);

/* ISO 3166-1 alpha-2 code of a country name, code or historical name ("Serbia",
 * "RS", "England" -> "GB", "Kosovo (Serbia)" -> "XK", "Russia?" -> "RU").
 * Historical states ("Yugoslavia", "Serbia and Montenegro", "USSR", "Soviet
 * Union", "Czechoslovakia") resolve to the successor state whose bounding box
 * alone contains (lat, lon); where boxes overlap or none contains the point, out
 * is "" and SOSO_ENOTFOUND returned (the caller reports it as not normalised).
 * out is "" and SOSO_ENOTFOUND for unknown names. */
int soso_deposits_country_code(char out[3], const char *name, double lat, double lon);

/* English short name of an alpha-2 code, or NULL if the code is not known. */
const char *soso_deposits_country_name(const char *code);

/* Country boundaries for point-in-polygon (src/deposits/borders.c): the Natural
 * Earth layer the project ships is <data_dir>/naturalearth/europe_countries_50m.geojson
 * (SOSO_BORDERS_FILE). Load once, query many points; one thread at a time. */
#define SOSO_BORDERS_FILE "naturalearth/europe_countries_50m.geojson"
typedef struct soso_borders soso_borders;
int soso_deposits_borders_load(soso_borders **out, const char *path);
void soso_deposits_borders_free(soso_borders *borders);

/* out: the ISO alpha-2 code of the country polygon holding (lat, lon), or "" when
 * the point lies in none (sea, beyond the layer). Returns 0 (or SOSO_ENOMEM). */
int soso_deposits_borders_country(const soso_borders *borders, char out[3], double lat, double lon);

/* ---- EU critical raw materials lists ----------------------------------------- */

enum { SOSO_CRM_NLISTS = 6 };

/* Year of list i (0..SOSO_CRM_NLISTS-1): 2011, 2014, 2017, 2020, 2023 (critical),
 * 2024 (strategic, CRMA Annex I); 0 if i is out of range. */
int soso_deposits_crm_year(int i);

/* Index of a list year, or -1. */
int soso_deposits_crm_index(int year);

typedef struct soso_crm soso_crm;

/* Loads <data_dir>/crm/eu_crm_lists.csv (list_year,list_type,material,codes).
 * Free with soso_deposits_crm_free. */
int soso_deposits_crm_load(soso_crm **out, const char *data_dir);
void soso_deposits_crm_free(soso_crm *crm);

/* Bit i set when commodity code is on list i. 0 if on none. */
unsigned soso_deposits_crm_mask(const soso_crm *crm, const char *code);

/* ---- import ------------------------------------------------------------------- */

typedef struct soso_import_opts {
  const char *source;       /* source name for ids; NULL: the file name's stem */
  int skip_bad;             /* 1: store the good rows, report every bad one */
  const char *const *map;   /* column renames: map[2k] = file column, map[2k+1]
                               = soso column ("lat", "zn_pct", ...) */
  size_t n_map;             /* number of pairs in map */
} soso_import_opts;

#define SOSO_IMPORT_OPTS_INIT {NULL, 0, NULL, 0}

typedef struct soso_import_report {
  char *source;        /* the source name used in ids */
  char *layout;        /* "long"; "commodities" (a commodity list, no grade
                          columns); else "wide" */
  long batch;          /* import_batch id */
  size_t n_rows;       /* data rows read */
  size_t n_inserted;   /* new deposits */
  size_t n_updated;    /* deposits that existed (same source + record id) */
  size_t n_bad;        /* rows rejected (only with skip_bad; else the import failed) */
  char **bad;          /* n_bad messages "FILE:LINE: key: what is wrong" */
  size_t n_flagged;    /* rows stored with a warning */
  char **flagged;      /* n_flagged messages "FILE:LINE: key: what is odd" */
  size_t n_unnormalised; /* deposits whose country name gave no ISO code */
  char **unnormalised; /* distinct country names that could not be normalised */
} soso_import_report;

/* Imports one file (CSV wide or long layout, or any OGR vector format) into the
 * store, in one transaction. Without skip_bad the first bad row fails the whole
 * file: returns SOSO_EDATA with the message "FILE:LINE: key: what is wrong" and
 * nothing from the file is stored. rep is filled (also on failure, as far as
 * known) and must be cleared with soso_deposits_import_report_clear. */
int soso_deposits_import(soso_import_report *rep, soso_store *store, const char *path,
                         const soso_import_opts *opts);

/* Frees what a report holds and zeroes it; NULL-safe. */
void soso_deposits_import_report_clear(soso_import_report *rep);

/* ---- screening -------------------------------------------------------------- */

enum { SOSO_SCREEN_MAX = 32 }; /* at most this many items per list filter */

typedef struct soso_min_grade {
  char code[SOSO_CODE_MAX]; /* commodity code */
  double value;             /* % for base metals, g/t for precious metals */
} soso_min_grade;

/* Filters; every set filter must hold (AND); list filters match any item (OR). */
typedef struct soso_screen_opts {
  size_t n_commodity;                          /* 0: any */
  char commodity[SOSO_SCREEN_MAX][SOSO_CODE_MAX]; /* --commodity zn,pb */
  size_t n_min_grade;
  soso_min_grade min_grade[SOSO_SCREEN_MAX];   /* --min-grade zn=5,pb=2 */
  double min_ore_mt;                           /* --min-ore-mt; NAN unset */
  double max_ore_mt;                           /* --max-ore-mt; NAN unset */
  unsigned status_mask;                        /* bit soso_status; 0: any */
  size_t n_country;
  char country[SOSO_SCREEN_MAX][3];            /* --country RS,BA */
  int has_bbox;                                /* --bbox given */
  double bbox[4];                              /* minlon, minlat, maxlon, maxlat */
  int crm_year;                                /* --crm 2023; 0 unset */
  char eq_code[SOSO_CODE_MAX];                 /* --min-eq zn=8: "zn"; "" unset */
  double min_eq;                               /* ... 8 (% or g/t of eq_code) */
  char preset[64];                             /* --preset applied ("" none) */
  int keep_duplicates;                         /* --keep-duplicates: 1 skips
                                                  soso_deposits_dedup (default 0) */
  char name[128];                              /* --name: the folded name contains
                                                  it ("trepca" finds Trepča); "" any */
} soso_screen_opts;

/* The filters, one bit each in soso_deposits_screen_explain's counts. */
typedef enum soso_filter {
  SOSO_FILTER_COMMODITY, SOSO_FILTER_MIN_GRADE, SOSO_FILTER_MIN_ORE, SOSO_FILTER_MAX_ORE,
  SOSO_FILTER_STATUS, SOSO_FILTER_COUNTRY, SOSO_FILTER_BBOX, SOSO_FILTER_CRM,
  SOSO_FILTER_MIN_EQ, SOSO_FILTER_NAME, SOSO_FILTER_N
} soso_filter;

/* Why a screen is empty (or small): *out gets lines of text (the caller frees)
 * saying how many deposits of the store meet every filter, how many fail each
 * filter and how many each removes in turn, and the nearest misses that one filter
 * alone kept out, with the failing value. Same filters, same set as
 * soso_deposits_screen_run (src/deposits/explain.c). */
int soso_deposits_screen_explain(char **out, soso_store *store, const soso_screen_opts *opts,
                        const char *data_dir);

/* Sets opts to "no filter" (NANs, zeros, empty lists). */
void soso_deposits_screen_opts_init(soso_screen_opts *opts);

/* Applies one filter given as text, the way both the command line and the
 * presets file spell it: key is the long option without dashes ("commodity",
 * "min-grade", "max-ore-mt", "min-ore-mt", "status", "country", "bbox", "crm",
 * "min-eq", "name"). Country names are normalised ("Serbia" -> RS). Returns SOSO_EUSAGE
 * with "key: what is wrong" for an unknown key or a bad value. */
int soso_deposits_screen_opts_set(soso_screen_opts *opts, const char *key, const char *value);

/* Applies the preset name from <data_dir>/presets.yaml (each key of the preset is
 * passed to soso_deposits_screen_opts_set). SOSO_ENOTFOUND for an unknown preset,
 * SOSO_EDATA "presets.yaml:LINE: key: ..." for a bad file. */
int soso_deposits_screen_preset_apply(soso_screen_opts *opts, const char *data_dir, const char *name);

/* Names and descriptions of the presets in <data_dir>/presets.yaml; *names and
 * *descs are arrays of n strings the caller frees with soso_deposits_strv_free. */
int soso_deposits_screen_presets(char ***names, char ***descs, size_t *n, const char *data_dir);
void soso_deposits_strv_free(char **v, size_t n);

/* One commodity of a deposit. */
typedef struct soso_grade {
  char code[SOSO_CODE_MAX]; /* commodity code */
  double value;             /* grade in unit; NAN when listed without grade */
  char unit[4];             /* "%", "g/t", "ppm"; "" without grade */
  double contained_t;       /* contained metal, t; NAN without grade or tonnage */
} soso_grade;

/* A set of deposits as parallel arrays (index i = one deposit), sorted by id.
 * Everything belongs to the set; free with soso_deposits_free. */
typedef struct soso_deposits {
  size_t n;              /* deposits */
  char **id;             /* "<source>:<record_id>" */
  char **name;           /* "" when the source gave none */
  char **country;        /* ISO alpha-2: the country at the point (the shipped
                            boundaries) when the point lies in one, else the
                            source's code; "" when neither is known */
  char **country_raw;    /* the country as the source spelt it */
  char **country_source; /* NULL, or per deposit the source's own code ("" when
                            it could not be normalised, e.g. "Serbia and
                            Montenegro" at a point in two successors) */
  double *lat, *lon;     /* WGS84 degrees */
  double *ore_mt;        /* ore tonnage, Mt; NAN unknown */
  soso_status *status;   /* status */
  char **deposit_type;   /* "" when none */
  char **category;       /* resource category, "" when none */
  char **source;         /* source name */
  const char **main;     /* main commodity code (points into items; "" none):
                            the graded commodity of largest recoverable value at
                            the prices of data/metal_equivalents.csv when all
                            graded ones have a price, else the first graded, else
                            the first listed */
  unsigned *crm;         /* bit i: some commodity is on list soso_deposits_crm_year(i) */
  double *eq;            /* metal-equivalent grade in opts eq_code units; NAN
                            when not asked for or not computable */
  size_t *first;         /* n + 1 offsets: deposit i has items[first[i]..first[i+1]) */
  soso_grade *items;     /* commodities, main first then as listed */
  size_t n_items;        /* first[n] */
  char **also;           /* NULL unless deduplicated; then per deposit NULL or the
                            ids of the records collapsed into it, joined by ';' */
} soso_deposits;

/* Screens the store: every deposit meeting opts, with CRM bits and equivalents
 * (data_dir gives crm/eu_crm_lists.csv and metal_equivalents.csv). *out is a new
 * set (possibly empty) the caller frees. */
int soso_deposits_screen_run(soso_deposits **out, soso_store *store, const soso_screen_opts *opts,
                    const char *data_dir);

/* Collapses duplicates in place: records of different sources whose names are
 * equal once normalised (letters and digits, ASCII lowered) and that lie within km
 * of each other count once. The record with the most information (grades,
 * tonnage, commodities, status, type) stays; the ids of the others go to its
 * also[] (allocated here). Unnamed records and records of one origin never
 * collapse (origin: the source, or "source:db" for ids "source:db/record"). The set stays sorted by id. soso_deposits_screen_run calls it with
 * SOSO_DEDUP_KM unless opts->keep_duplicates. *n_removed (may be NULL) gets the
 * number of records removed. SOSO_EUSAGE for km < 0, SOSO_ENOMEM. */
int soso_deposits_dedup(soso_deposits *set, double km, size_t *n_removed);
#define SOSO_DEDUP_KM 1.0 /* km: coordinates of one deposit in two inventories */
#define SOSO_DEDUP_VARIANT_KM 5.0 /* km: one source's two spellings of one name (the
                                     extent of one mine's workings; an assumption) */

/* One deposit by public id (a set of 0 or 1). */
int soso_deposits_get(soso_deposits **out, soso_store *store, const char *id,
                      const char *data_dir);

/* Frees a set; NULL-safe. */
void soso_deposits_free(soso_deposits *set);

/* Contained metal of commodity code in deposit i, t (NAN if none). */
double soso_deposits_contained(const soso_deposits *set, size_t i, const char *code);

/* Grade of commodity code in deposit i (NAN if none); *unit set if not NULL. */
double soso_deposits_grade(const soso_deposits *set, size_t i, const char *code,
                           const char **unit);

/* ---- output ----------------------------------------------------------------- */

typedef enum soso_deposits_format {
  SOSO_FMT_TABLE = 0, /* aligned text for a terminal */
  SOSO_FMT_CSV = 1,   /* RFC 4180, one row per deposit, grades as <code>_<unit> */
  SOSO_FMT_JSON = 2,  /* array of objects: id, name, country, lat, lon, ore_mt,
                         status, deposit_type, main, grades {code: {value, unit,
                         contained_t}}, commodities [..], crm [years] */
  SOSO_FMT_GEOJSON = 3 /* RFC 7946 FeatureCollection of Points (lon, lat), the JSON
                          object's members as properties */
} soso_deposits_format;

/* Parses "table", "csv", "json", "geojson". SOSO_EUSAGE otherwise. */
int soso_deposits_format_parse(soso_deposits_format *out, const char *s);

/* Writes the set to f (stb style: the caller opens and commits the file). */
int soso_deposits_write(FILE *f, const soso_deposits *set, soso_deposits_format fmt);

#ifdef __cplusplus
}
#endif
#endif
