/* Host unit tests of the hil library: make -C firmware test. */
#include "test.h"

int t_checks, t_failures;

unsigned t_rand(void)
{
    static unsigned s = 2463534242u;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
}

int main(void)
{
    test_crc();
    test_cobs();
    test_frame();
    test_link();
    test_pdm();
    printf("%d checks, %d failed\n", t_checks, t_failures);
    return t_failures ? 1 : 0;
}
