/*
** ssda903_rules_place.c: SSDA903 validation rules (see ssda903.h).
*/
#include "ssda903.h"

const Rule903 aRules903Place[] = {
  {0},
};
