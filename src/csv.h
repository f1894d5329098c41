/*
** csv.h: reading RFC 4180 CSV, as spreadsheets save it, for the imports
** (SPEC §10). Writing needs no more than buf_csv_cell() in util.h.
**
** Accepted: fields quoted or not, "" for a quote inside a quoted field,
** commas and line breaks inside quoted fields, records ended by CRLF, LF
** or CR, the last record with or without a line break, UTF-8 with or
** without a byte order mark. Refused, with the record's number: a quote
** inside an unquoted field or after a closing quote, an unclosed quote, a
** NUL byte, and text that is not UTF-8 (a spreadsheet's "CSV" in its
** Windows encoding would otherwise store mangled names). Every field is
** passed through csv_unguard() (util.h), so a cell Oversight exported as
** '=x is read as =x.
*/
#ifndef OVERSIGHT_CSV_H
#define OVERSIGHT_CSV_H

#include <stddef.h>
#include "calendar.h"
#include "util.h"

typedef struct CsvReader {
  const char *z;        /* the whole text (not owned) */
  size_t n, i;          /* its length, and where the next record starts */
  int record;           /* records read so far: the header is record 1 */
  Buf store;            /* the current record's fields, NUL-separated */
  size_t *aOff;         /* where each field starts in store */
  char **az;            /* the fields, pointing into store */
  int nField, capField;
  char zErr[160];       /* why csv_read() returned -1 */
} CsvReader;

/* Read from z[0..n), which must outlive the reader. A leading UTF-8 byte
** order mark is skipped. */
void csv_init(CsvReader *r, const char *z, size_t n);
/* The next record: 1 with *pazField and *pnField set (valid until the next
** call), 0 at the end of the text, -1 with r->zErr set when the text is
** not CSV (the rest cannot be trusted, so reading stops there). */
int csv_read(CsvReader *r, char ***pazField, int *pnField);
void csv_free(CsvReader *r);

/* Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF)? */
int csv_utf8_valid(const unsigned char *p, size_t n);
/* Read a whole file into *pOut. 0, or -1 with *pzErr (caller frees). */
int csv_read_file(const char *zPath, Buf *pOut, char **pzErr);

/* ---- Checking an imported row ---------------------------------------------- */
/* Every import lists each bad row with all its reasons, "; "-separated, in
** the users' words, and loads nothing if there is one. These are the checks
** every import's rows share. */
void csv_row_err(Buf *err, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Read an import's header row from rd: every one of the nCol columns
** azCol named once (any order, any case), nothing else. aMap[i] gets the
** column index of the file's field i; it has room for nMax fields. Returns
** the number of fields, or -1 after writing the reasons to pReport as
** "row 1: ..." naming zDoc, the file that documents the columns. */
int csv_read_header(CsvReader *rd, const char *const *azCol, int nCol, int *aMap, int nMax,
                    const char *zDoc, Buf *pReport);
/* The same for a file that may be from before its last columns were added:
** every one of nCol columns, or else the first nOld of them (rd read again
** from the start of z[0..n)). The reasons given are the full header's. On
** -1, rd has been freed. */
int csv_read_header_or_older(CsvReader *rd, const char *z, size_t n, const char *const *azCol, int nCol, int nOld,
                             int *aMap, int nMax, const char *zDoc, Buf *pReport);
/* z trimmed of surrounding white space, in place. */
char *csv_trim(char *z);
/* The date in column zCol (value z, as YYYY-MM-DD): DATE_NONE when empty
** (a reason added if required) or not a date; a reason added when it is
** after today, unless today is DATE_NONE. */
Date csv_row_date(Buf *err, const char *zCol, const char *z, int required, Date today);

#endif
