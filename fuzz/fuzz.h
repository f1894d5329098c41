/*
** fuzz.h: what the harnesses share. libFuzzer calls LLVMFuzzerTestOneInput
** with each input; anything that crashes, leaks or trips a sanitizer is a
** finding. A harness also aborts through FUZZ_CHECK when a parser breaks a
** promise its header makes (a field that is not UTF-8 after the reader said
** it refuses such text), which the sanitizers alone would never notice.
*/
#ifndef OVERSIGHT_FUZZ_H
#define OVERSIGHT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond);  \
      abort();                                                                    \
    }                                                                             \
  } while (0)

/* The input as a C string (the parsers taking one stop at a NUL, as the
** real callers' strings do). Caller frees. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size) {
  char *z = malloc(size + 1);
  if (!z) abort();
  if (size) memcpy(z, data, size);
  z[size] = 0;
  return z;
}

#endif
