// The one place the project includes libxlsxwriter's C interface (Debian's libxlsxwriter-dev).
#include <xlsxwriter.h>
