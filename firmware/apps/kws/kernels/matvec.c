/*
 * The dense kernel (see matvec.h). Four output rows per pass share the
 * activation loads: per 4 inputs, two activation words and four weight
 * words (three LDRD), eight SXTB16 and eight SMLAD for 16 MACs. The portable build
 * runs the same operations in C (dsp.h), so results are bit-identical.
 */
#include "matvec.h"

#include <string.h>

static inline uint32_t ld32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* s0..s3 += the 4 interleaved rows at *wp . x (n4 >= 1 groups of 4 inputs);
 * advances *wp past them. */
static inline void dot4(const int8_t **wp_, const int16_t *x, unsigned n4, int32_t *s0_, int32_t *s1_,
                        int32_t *s2_, int32_t *s3_)
{
    int32_t s0 = *s0_, s1 = *s1_, s2 = *s2_, s3 = *s3_;
#if KWS_HAVE_DSP
    const uint32_t *wp = (const uint32_t *)(const void *)*wp_, *xp = (const uint32_t *)(const void *)x;
    const uint32_t *end = xp + 2 * n4;
    uint32_t x01, x23, w0, w1, w2, w3, t;
    __asm__ volatile(
        "1:\n\t"
        "ldrd   %[x01], %[x23], [%[xp]], #8\n\t"
        "ldrd   %[w0], %[w1], [%[wp]], #8\n\t"
        "ldrd   %[w2], %[w3], [%[wp]], #8\n\t"
        "sxtb16 %[t], %[w0]\n\t"
        "smlad  %[s0], %[t], %[x01], %[s0]\n\t"
        "sxtb16 %[t], %[w0], ror #8\n\t"
        "smlad  %[s0], %[t], %[x23], %[s0]\n\t"
        "sxtb16 %[t], %[w1]\n\t"
        "smlad  %[s1], %[t], %[x01], %[s1]\n\t"
        "sxtb16 %[t], %[w1], ror #8\n\t"
        "smlad  %[s1], %[t], %[x23], %[s1]\n\t"
        "sxtb16 %[t], %[w2]\n\t"
        "smlad  %[s2], %[t], %[x01], %[s2]\n\t"
        "sxtb16 %[t], %[w2], ror #8\n\t"
        "smlad  %[s2], %[t], %[x23], %[s2]\n\t"
        "sxtb16 %[t], %[w3]\n\t"
        "smlad  %[s3], %[t], %[x01], %[s3]\n\t"
        "sxtb16 %[t], %[w3], ror #8\n\t"
        "smlad  %[s3], %[t], %[x23], %[s3]\n\t"
        "cmp    %[xp], %[end]\n\t"
        "bne    1b\n\t"
        : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [s3] "+r"(s3), [xp] "+r"(xp), [wp] "+r"(wp),
          [x01] "=&r"(x01), [x23] "=&r"(x23), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2),
          [w3] "=&r"(w3), [t] "=&r"(t)
        : [end] "r"(end)
        : "cc", "memory");
    *wp_ = (const int8_t *)(const void *)wp;
#else
    const int8_t *w = *wp_;
    for (unsigned i = 0; i < n4; i++, w += 16, x += 4) {
        uint32_t x01 = ld32(x), x23 = ld32(x + 2), p;
        p = ld32(w);
        s0 = dsp_smlad(dsp_sxtb16(p), x01, s0);
        s0 = dsp_smlad(dsp_sxtb16_ror8(p), x23, s0);
        p = ld32(w + 4);
        s1 = dsp_smlad(dsp_sxtb16(p), x01, s1);
        s1 = dsp_smlad(dsp_sxtb16_ror8(p), x23, s1);
        p = ld32(w + 8);
        s2 = dsp_smlad(dsp_sxtb16(p), x01, s2);
        s2 = dsp_smlad(dsp_sxtb16_ror8(p), x23, s2);
        p = ld32(w + 12);
        s3 = dsp_smlad(dsp_sxtb16(p), x01, s3);
        s3 = dsp_smlad(dsp_sxtb16_ror8(p), x23, s3);
    }
    *wp_ = w;
#endif
    *s0_ = s0;
    *s1_ = s1;
    *s2_ = s2;
    *s3_ = s3;
}

static inline int32_t dot1(const int8_t *w, const int16_t *x, unsigned n4, int32_t s0)
{
    for (unsigned i = 0; i < n4; i++, w += 4, x += 4) {
        uint32_t p = ld32(w);
        s0 = dsp_smlad(dsp_sxtb16(p), ld32(x), s0);
        s0 = dsp_smlad(dsp_sxtb16_ror8(p), ld32(x + 2), s0);
    }
    return s0;
}

/* The accumulators (bias included) of every row into acc[out]. */
void mq_matvec_acc(const mq_linear_t *lin, const int16_t *x, int32_t *acc)
{
    const unsigned n4 = lin->in_pad / 4u, out = lin->out, nb = out / 4u;
    const int8_t *w = lin->w;
    for (unsigned o = 0; o < out; o++)
        acc[o] = lin->bias ? lin->bias[o] : 0;
    for (unsigned b = 0; b < nb; b++)
        dot4(&w, x, n4, &acc[4 * b], &acc[4 * b + 1], &acc[4 * b + 2], &acc[4 * b + 3]);
    for (unsigned o = 4 * nb; o < out; o++, w += lin->in_pad)
        acc[o] = dot1(w, x, n4, acc[o]);
}

/* y = (smmulr(a << ls, m) + half) >> rs, saturated: the requantisation of
 * matvec.h with ls = max(0, -r), rs = max(0, r). */
static inline int16_t rq16(int32_t a, int32_t m, int ls, int rs, int32_t half)
{
    return (int16_t)dsp_ssat16((dsp_smmulr((int32_t)((uint32_t)a << ls), m) + half) >> rs);
}

void mq_matvec(const mq_linear_t *lin, const int16_t *x, int16_t *y)
{
    const unsigned n4 = lin->in_pad / 4u, out = lin->out, nb = out / 4u;
    const int r = lin->shift, ls = r < 0 ? -r : 0, rs = r > 0 ? r : 0;
    const int32_t half = rs ? 1 << (rs - 1) : 0;
    const int32_t *bias = lin->bias, *m = lin->mult;
    const int8_t *w = lin->w;
    for (unsigned b = 0; b < nb; b++, y += 4, m += 4) {
        int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (bias) {
            s0 = bias[0];
            s1 = bias[1];
            s2 = bias[2];
            s3 = bias[3];
            bias += 4;
        }
        dot4(&w, x, n4, &s0, &s1, &s2, &s3);
        y[0] = rq16(s0, m[0], ls, rs, half);
        y[1] = rq16(s1, m[1], ls, rs, half);
        y[2] = rq16(s2, m[2], ls, rs, half);
        y[3] = rq16(s3, m[3], ls, rs, half);
    }
    for (unsigned o = 4 * nb; o < out; o++, w += lin->in_pad)
        *y++ = rq16(dot1(w, x, n4, bias ? *bias++ : 0), *m++, ls, rs, half);
}

void mq_matvec32(const mq_linear_t *lin, const int16_t *x, int32_t *y)
{
    mq_matvec_acc(lin, x, y);
    for (unsigned o = 0; o < lin->out; o++)
        y[o] = mq_requant(y[o], lin->mult[o], lin->shift);
}
