/*
 * The self-test firmware: the library's own test app on this platform.
 * Board bring-up (clocks, UART, cycle counter) is hil_port_init(), which
 * hil_main() calls first.
 */
#include "hil.h"

int main(void)
{
    hil_main(&hil_selftest_app);
}
