/*
 * kws: the reference workload of tinyhil, an int8 (or f32, VARIANT=f32)
 * Mamba keyword spotter over a fixed-point log-mel front end.
 * See docs/kws.md.
 */
#include "app/kws.h"

int main(void)
{
    hil_main(&kws_app);
}
