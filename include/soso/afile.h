/* afile.h - outputs that appear whole or not at all.
 *
 * Every output file is written under a temporary name in the same directory and
 * renamed over the target on success, so a failed run never leaves a half-written
 * map, CSV or report behind.
 */
#ifndef SOSO_AFILE_H
#define SOSO_AFILE_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_afile soso_afile;

/* Opens a temporary file beside path for writing ("w" mode), created with
 * O_EXCL | O_NOFOLLOW under an unpredictable name (a planted file or symlink is
 * never followed). *fp is the stream to write to; it belongs to the afile.
 * Errors: SOSO_EIO "PATH: cannot write: REASON". */
int soso_afile_open(soso_afile **out, FILE **fp, const char *path);

/* The temporary file's name (for libraries that write by name, such as cairo). */
const char *soso_afile_tmpname(const soso_afile *af);

/* Flushes, closes and renames the temporary file to the target; frees af. On
 * failure the temporary file is removed and the target left untouched. */
int soso_afile_commit(soso_afile *af);

/* Closes and removes the temporary file; frees af. NULL-safe. */
void soso_afile_abort(soso_afile *af);

/* Unlinks every temporary file of this process that is still open (not yet
 * committed or aborted). Async-signal-safe: for a SIGINT/SIGTERM handler. */
void soso_afile_remove_all(void);

/* Lower case extension of path without the dot ("png"), or "" if none. */
const char *soso_afile_path_ext(const char *path, char *buf, size_t n);

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
int soso_afile_read_file(char **out, size_t *len, const char *path);

#ifdef __cplusplus
}
#endif
#endif
