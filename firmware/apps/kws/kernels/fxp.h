/*
 * Fixed-point elementwise functions of the int8 network: tables with linear
 * interpolation (kernels/fxp_tables.c), integer square root, RMS norm.
 * "Qf" means value = integer * 2^-f.
 */
#ifndef KWS_FXP_H
#define KWS_FXP_H

#include <stdint.h>

#include "dsp.h"
#include "fxp_tables.h"

/* x in Qf -> Q10 (f <= 25). */
static inline int32_t fx_to_q10(int32_t x, int f)
{
    return f >= 10 ? x >> (f - 10) : (int32_t)((uint32_t)x << (10 - f));
}

/* sigmoid(v), v in Q10, result Q15: table over [-8, 8) in steps of 1/64,
 * clamped at the ends. */
static inline int32_t fx_sigmoid_q15(int32_t v)
{
    return fxp_sigmoid_tab[dsp_usat10((v >> 4) + 512)];
}

/* softplus(v) = log(1 + e^v), v in Q10, result Q20. */
static inline int32_t fx_softplus_q20(int32_t v)
{
    int32_t a = v < 0 ? -v : v;
    int32_t tail = 0;
    if (a < 16 * 1024) {
        int32_t i = a >> 6, f = a & 63;
        int32_t t0 = fxp_softplus_tab[i], t1 = fxp_softplus_tab[i + 1];
        tail = t0 + (((t1 - t0) * f + 32) >> 6);
    }
    return (v > 0 ? v << 10 : 0) + tail;
}

/* 2^-u for u >= 0 in Q14, result Q31 (in [0, 2^31 - 2^15]). */
static inline int32_t fx_exp2neg_q31(int32_t u)
{
    int32_t i = u >> 14;
    if (i > 30)
        return 0;
    return (int32_t)(((uint32_t)fxp_exp2_tab[(u >> 4) & 1023] << 15) >> i);
}
/* floor(sqrt(x)). */
uint32_t fx_isqrt32(uint32_t x);
/* out = x / sqrt(sum x^2 + eps), Q15 (the mean's 1/n and the norm's weight
 * are folded into the next layer). x in any Qf, eps in Q2f. */
void fx_rmsnorm_q15(const int16_t *x, unsigned n, uint32_t eps, int16_t *out);

#endif
