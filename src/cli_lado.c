#include "lado.h"
