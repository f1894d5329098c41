/*
** ssda903_xml.c: the DfE's XML form of the return.
*/
#include "ssda903.h"

int r903_add_xml(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr) {
  (void)r; (void)z; (void)n;
  buf_printf(pErr, "%s: the XML form of the return is not read yet\n", zName);
  return -1;
}
