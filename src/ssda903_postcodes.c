/*
** ssda903_postcodes.c: placement distance and local authority from postcodes.
** (Stand-in until the postcode rules land: every postcode is unknown.)
*/
#include <math.h>
#include <stdlib.h>
#include "ssda903.h"

struct Postcodes903 { int n; };

Postcodes903 *postcodes903_load(const char *zPath, Buf *pErr) {
  (void)zPath; (void)pErr;
  Postcodes903 *p = xmalloc(sizeof(*p));
  p->n = 0;
  return p;
}
void postcodes903_free(Postcodes903 *p) { free(p); }

void r903_derive_postcodes(Return903 *r) {
  int n = r->a[T_EPISODES].nRow;
  r->aDistance = xmalloc(sizeof(double) * (size_t)(n ? n : 1));
  r->azPlLa = xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
  r->azPlLocation = xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    r->aDistance[i] = NAN;
    r->azPlLa[i] = "";
    r->azPlLocation[i] = "";
  }
}
