/* report.h - `soso report`: runs the whole chain for a region file and writes
 * one document a municipality can read (include/soso/doc.h renders it).
 *
 * Inputs (the worked example examples/drina/ shows every one): the region file
 * names each site file (sites[].site) and community file (communities[].file), and
 * the report uses exactly those, each read once. Only a site entry without a site
 * file (a bare `mine:`) falls back to the *.site.yaml beside the region file whose
 * location is nearest (within SOSO_REPORT_MATCH_KM). A site is assessed for the
 * nearest of the region's communities that name a file. Every input file's "# assumption" comments and the region file's
 * `assumptions:` list are collected into the Methods section, with file and line.
 *
 * Outputs in out_dir (created if missing): report.html (self-contained, figures
 * inline), report.pdf (A4, same content) and PNG figures in out_dir/figures. Written atomically
 * file by file; a failure leaves no half-written report.html or report.pdf.
 */
#ifndef SOSO_REPORT_H
#define SOSO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest distance (km) between a region site and the site file matched to it. */
#define SOSO_REPORT_MATCH_KM 25.0

typedef struct soso_store soso_store;

typedef struct soso_report_opts {
  size_t n_paths;           /* price paths of every Monte Carlo (>= 2) */
  uint64_t seed;            /* seed of every simulation; printed in the report */
  int n_threads;            /* OpenMP threads (0: default); results do not depend on it */
  const char *rules;        /* impacts rules file (NULL: the shipped one) */
  const char *cumrules;     /* cumulative rules file (NULL: the shipped one) */
  const char *boundaries;   /* country boundaries for maps (NULL: the shipped ones) */
  soso_store *store;        /* deposits store for the deposits map (NULL: no map of
                               screened deposits, only the region's sites) */
  const char *data_dir;     /* screening data (NULL: soso_data_dir_builtin()) */
  double eps_km;            /* district radius of the deposits map (0: 20 km) */
  /* Progress callback (may be NULL): stage name, stages done, stage count. */
  void (*progress)(void *closure, const char *stage, long done, long total);
  void *closure;            /* passed to progress */
  /* The report's language: "en", "bs", "hr", "sr" (Cyrillic) or "sr@latin"; NULL
   * for the one the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
   * gettext's language is process-wide: soso_report_region sets it up for the
   * process (soso_i18n_setup, include/soso/i18n.h) before it starts any thread,
   * so two reports in two languages need two processes. */
  const char *lang;
  const char *localedir;    /* compiled catalogs (NULL: soso_i18n_localedir_builtin()) */
} soso_report_opts;

#define SOSO_REPORT_OPTS_INIT \
  {500, 1, 0, NULL, NULL, NULL, NULL, NULL, 0.0, NULL, NULL, NULL, NULL}

/* What was written, for the caller to print. */
typedef struct soso_report_info {
  char html[1024];          /* path of report.html */
  char pdf[1024];           /* path of report.pdf */
  size_t n_figures;         /* figures embedded (PNG files in out_dir/figures) */
  size_t n_sections;        /* level-2 sections */
  size_t n_assumptions;     /* assumptions listed in Methods */
  size_t n_sites;           /* sites in the region */
  size_t n_sites_assessed;  /* sites with a matched site and community file */
} soso_report_info;

/* Runs deposits screening (when opts->store is given), valuation, the per-site
 * employment simulation and impact assessment, the region's joint Monte Carlo of
 * every strategy with cumulative significance, and writes the report. Errors are
 * the failing stage's (FILE:LINE: key: reason for bad inputs). info may be NULL. */
int soso_report_region(soso_report_info *info, const char *region_path, const char *out_dir,
                       const soso_report_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
