/*
** util.h: memory that never returns NULL, a length-carrying string buffer,
** and fatal errors. Everything else in Oversight is built on these.
*/
#ifndef OVERSIGHT_UTIL_H
#define OVERSIGHT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Allocation failure is not a recoverable condition for a server that must
** never write half a record: these abort with a message instead of
** returning NULL, so callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *z);
char *xmprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Print "oversight: <message>" to stderr and exit(1). For states the
** program cannot continue from (a broken invariant, an unusable database). */
void fatal(const char *fmt, ...) PRINTF_LIKE(1, 2) NORETURN;

/* A growable byte string, always NUL-terminated. Zero-initialise it
** (Buf b = {0};) to start; buf_free() releases it. */
typedef struct Buf {
  char *z;     /* text, NUL-terminated; NULL until something is appended */
  size_t n;    /* bytes used, not counting the NUL */
  size_t cap;  /* bytes allocated */
} Buf;

void buf_append(Buf *b, const char *z, size_t n);
/* Room for extra more bytes, allocated exactly, when the size is known. */
void buf_reserve(Buf *b, size_t extra);
void buf_puts(Buf *b, const char *z);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
/* Every CSV cell Oversight writes goes through buf_csv_cell(), so that a
** spreadsheet opening the file never runs a cell as a formula (CSV
** injection, OWASP). A CSV_TEXT cell that begins with = + - @ tab or CR
** gets a ' in front; so does one that is quotes followed by one of those
** ("'=x" typed by a user is written ''=x), so that csv_unguard() can take
** exactly one quote off and every string comes back as it went out. A
** CSV_AS_IS cell is one the writer knows is not free text (a number such
** as -3, a date, a code of the DfE's SSDA903 return) and is written as it
** is. Text that merely looks like a number ("-3" typed in a note) is text.
** Either way the cell is quoted (RFC 4180) only when it must be. */
typedef enum { CSV_TEXT, CSV_AS_IS } CsvCell;
void buf_csv_cell(Buf *b, const char *z, CsvCell kind);
/* A text cell: buf_csv_cell(b, z, CSV_TEXT). */
static inline void buf_csv(Buf *b, const char *z) { buf_csv_cell(b, z, CSV_TEXT); }
/* The import side, for every CSV read that Oversight may have written:
** a value that is one or more quotes followed by = + - @ tab or CR loses
** its first quote, in place. Any other value, including one beginning
** with a quote followed by anything else, is left as typed. */
void csv_unguard(char *z);
/* Append z left-aligned in `width` columns, counting UTF-8 characters
** rather than bytes so names like "Siân" line up. */
void buf_pad(Buf *b, const char *z, int width);
void buf_reset(Buf *b);
void buf_free(Buf *b);
/* Hand the text to the caller (who frees it) and empty the buffer. */
char *buf_take(Buf *b);

/* Parse a whole decimal integer in [lo, hi]; 0 on success, -1 otherwise. */
int parse_int(const char *z, long lo, long hi, long *out);
/* Parse a decimal number (e.g. FTE "0.6") in [lo, hi]. */
int parse_double(const char *z, double lo, double hi, double *out);

#endif
