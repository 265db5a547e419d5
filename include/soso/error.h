/* error.h - error codes and the one-line error message of the soso library.
 *
 * Every fallible function returns int: 0 on success, a negative SOSO_E* code on
 * failure, after setting a one-line message that says what was wrong and where
 * ("deposits.csv:17: zn_pct: \"12,5\" is not a number"). The message is
 * thread-local, like libgit2's, so threads never see each other's errors. The
 * library never prints and never exits; the command line decides what to show.
 */
#ifndef SOSO_ERROR_H
#define SOSO_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
  SOSO_OK = 0,
  SOSO_ERR = -1,       /* generic runtime failure */
  SOSO_ENOMEM = -2,    /* out of memory */
  SOSO_EIO = -3,       /* a file or the store could not be read or written */
  SOSO_EDATA = -4,     /* input data is malformed or implausible */
  SOSO_EUSAGE = -5,    /* a caller passed a bad argument or option */
  SOSO_ENOTFOUND = -6, /* a named thing (commodity, deposit, ...) does not exist */
  SOSO_ENUMERIC = -7   /* a numerical method failed (singular, not converged) */
};

/* Sets the thread's error message (printf-style) and returns code, so that a
 * caller can write `return soso_error_set(SOSO_EDATA, "...")`. */
int soso_error_set(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The thread's last message, or "" if none. Valid until the next call that sets
 * an error on this thread. Never NULL. */
const char *soso_error_last(void);

/* The code passed to the last soso_error_set on this thread (SOSO_OK if none). */
int soso_error_code(void);

/* Forgets the thread's last error. */
void soso_error_clear(void);

/* A short name for a code ("data error", "usage error", ...). */
const char *soso_error_name(int code);

#ifdef __cplusplus
}
#endif
#endif
