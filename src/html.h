/*
** html.h: every byte of HTML goes through here.
**
** html_printf() escapes by default: %h is text for an element or a quoted
** attribute, %u a URL component, %d/%ld/%lld numbers, %D a date as
** "5 April 2021", %I a date as YYYY-MM-DD. There is no %s: text that must
** not be escaped (our own markup) is written with html_raw(), whose name
** says what it does. An unknown conversion is a bug and is fatal.
*/
#ifndef OVERSIGHT_HTML_H
#define OVERSIGHT_HTML_H

#include "calendar.h"
#include "util.h"

void html_printf(Buf *b, const char *zFmt, ...);
void html_vprintf(Buf *b, const char *zFmt, va_list ap);
/* Append trusted markup as it is. Never pass it anything a user typed. */
void html_raw(Buf *b, const char *zTrusted);
void html_escape(Buf *b, const char *z);
void url_escape(Buf *b, const char *z);

#endif
