/* data.h - where the data the project ships (data/: rules, presets, CRM lists,
 * metal equivalents, Natural Earth boundaries) is found at run time.
 *
 * One lookup for every file of the data folder. Candidates, in order:
 *   1. the runtime option (`soso --data-dir DIR`; the command line puts it in
 *      $SOSO_DATA_DIR before any command runs, so the option wins over the
 *      environment and the library reads one place);
 *   2. the environment variable SOSO_DATA_DIR;
 *   3. <directory of the running program>/../share/soso (an installed, relocated
 *      tree: `make install DESTDIR=...` or a moved prefix);
 *   4. the installed path compiled in (CMAKE_INSTALL_FULL_DATADIR/soso);
 *   5. the build tree's data/ (running from a build directory).
 * A candidate holds when it contains impacts/rules.yaml. A candidate the user named
 * (1, 2) that does not hold is an error, not a silent fall-through.
 */
#ifndef SOSO_DATA_H
#define SOSO_DATA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Resolves the data folder into out (size n). option: a folder the caller was given
 * (NULL: none). Returns 0, or SOSO_ENOTFOUND with a one-line message naming every
 * place tried and why it did not hold. */
int soso_data_dir_find(char *out, size_t n, const char *option);

/* The data folder (option NULL), in a thread-local buffer valid until the next
 * call on this thread; NULL with the error set when none holds. */
const char *soso_data_dir(void);

/* Writes <data folder>/<rel> into out (size n) and returns out. When no folder
 * holds, the build tree's path is written, so that opening it fails naming a real
 * path; soso_data_dir() says what was tried. */
const char *soso_data_path(char *out, size_t n, const char *rel);

/* A folder that an installed tree keeps inside the data folder (web: the app's files,
 * po/web: its catalogs, locale: the compiled catalogs): <data folder>/<rel> when it is
 * a folder there, else fallback (the build tree's place, compiled in). The result is
 * written to out (size n) and returned. */
const char *soso_data_subdir(char *out, size_t n, const char *rel, const char *fallback);

/* The data directory compiled into the library (the source tree's data/); the
 * command line lets $SOSO_DATA_DIR override it. */
const char *soso_data_dir_builtin(void);

#ifdef __cplusplus
}
#endif
#endif
