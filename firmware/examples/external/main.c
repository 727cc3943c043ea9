/* External firmware: your app goes here; this one runs the library's
 * self-test so the port can be checked with `verify: selftest`. */
#include "hil.h"

int main(void)
{
    hil_main(&hil_selftest_app);
}
