#include "fxp.h"

#include "dsp.h"

uint32_t fx_isqrt32(uint32_t x)
{
    uint32_t r = 0, bit = 1u << 30;
    while (bit > x)
        bit >>= 2;
    while (bit) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

void fx_rmsnorm_q15(const int16_t *x, unsigned n, uint32_t eps, int16_t *out)
{
    uint64_t ss = eps;
    for (unsigned i = 0; i < n; i++)
        ss += (uint64_t)((int32_t)x[i] * x[i]);
    if (ss == 0)
        ss = 1;
    /* ss << 2e in [2^60, 2^62); s = sqrt of its top 32 bits in [2^15, 2^16) */
    uint32_t hi = (uint32_t)(ss >> 32);
    int lz = hi ? (int)dsp_clz(hi) : 32 + (int)dsp_clz((uint32_t)ss);
    int e = (lz - 2) / 2;
    uint32_t s = fx_isqrt32((uint32_t)((ss << (2 * e)) >> 30));
    /* r = 2^31 / s ~ 2^(46 - e) / sqrt(ss); out = x 2^15 / sqrt(ss) = x r 2^(e - 31) */
    int32_t r = (int32_t)((1u << 31) / s);
    int sh = 31 - e;
    for (unsigned i = 0; i < n; i++) {
        int32_t p = x[i] * r;
        out[i] = (int16_t)dsp_ssat16(((p >> (sh - 1)) + 1) >> 1);  /* rounded, no overflow */
    }
}
