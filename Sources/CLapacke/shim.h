// The one place the project includes LAPACK's C interface.
// `header "lapacke.h"` in a modulemap is not found on Debian, so the modulemap points here.
#include <lapacke.h>
