// The single translation unit that compiles toml++'s implementation (see toml_config.h).
#define TOML_IMPLEMENTATION
#include "framework/toml_config.h"
