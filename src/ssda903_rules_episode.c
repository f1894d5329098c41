/*
** ssda903_rules_episode.c: SSDA903 validation rules (see ssda903.h).
*/
#include "ssda903.h"

const Rule903 aRules903Episode[] = {
  {0},
};
