/*
 * Log-mel features of one frame:
 *   1. block scaling: r = bits(max |x|) + 1, so (x * window) >> r < 2^14;
 *   2. window and pack the 480 (+32 zero) real samples as 256 complex
 *      values in bit-reversed order (z[n] = x[2n] + i x[2n+1]);
 *   3. 256-point complex FFT (each stage halves: Z = DFT / 256);
 *   4. real-FFT split to X[k], k = 0..256, halved once more, power |X|^2;
 *   5. triangular mel weights (Q15), 64-bit sums;
 *   6. log2 with a 257-entry table and linear interpolation, undoing the
 *      scaling: log2(mel) = log2(acc) + 2r - 27 (X here is DFT / 512).
 */
#include "frontend.h"

#include <string.h>

#include "../kernels/dsp.h"
#include "fft.h"
#include "../app/prof.h"

#define LOG_OFFSET 27

void fe_reset(fe_t *fe)
{
    fe->fill = 0;
}

uint32_t fe_feed(fe_t *fe, const int16_t *s, uint32_t n)
{
    uint32_t k = FE_WIN - fe->fill;
    if (k > n)
        k = n;
    memcpy(fe->buf + fe->fill, s, k * sizeof *s);
    fe->fill += k;
    return k;
}

void fe_frame(fe_t *fe, int16_t feat[FE_NMEL])
{
    fe_compute(fe->buf, feat);
    memmove(fe->buf, fe->buf + FE_HOP, (FE_WIN - FE_HOP) * sizeof fe->buf[0]);
    fe->fill = FE_WIN - FE_HOP;
}

static inline uint32_t ld32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Steps 1 and 2. x ^ (x >> 15) has the bit length of |x| (or one less for
 * -2^b), so with b = bits(OR of those), |x| <= 2^b and (x w) >> (b + 1) < 2^14.
 * Samples are taken in pairs (one word); buf and the window are aligned. */
static unsigned window_pack(const int16_t *x, uint32_t *z)
{
    uint32_t m = 0;
    for (unsigned n = 0; n < FE_WIN; n += 2)
        m |= dsp_absm16(ld32(x + n));
    m = (m | (m >> 16)) & 0xffffu;
    unsigned r = 33u - dsp_clz(m);
    for (unsigned n = 0; n < FE_WIN / 2; n++) {
        uint32_t xw = ld32(x + 2 * n), ww = ld32(fe_window + 2 * n);
        int32_t lo = dsp_smulbb(xw, ww) >> r, hi = dsp_smultt(xw, ww) >> r;
        z[fe_digrev[n]] = dsp_pkhbt((uint32_t)lo, (uint32_t)hi);
    }
    for (unsigned n = FE_WIN / 2; n < FE_NCPLX; n++)
        z[fe_digrev[n]] = 0;
    return r;
}

/* Step 4, in place: z[k] <- |X[k] / 2|^2 for k = FE_MEL_K0..FE_NCPLX - FE_MEL_K0 (X = DFT512 / 256).
 * Bins k and N-k share E = (Z[k] + conj Z[N-k]) / 2, O = (Z[k] - conj Z[N-k]) / 2
 * and T = W^k O (W = exp(-2 pi i / 512)): X[k] = E - i T, X[N-k] = conj(E) - i conj(T).
 * SHADD16 / SHSUB16 of Z[k], Z[N-k] give (Er, Oi) and (Or, Ei). */
static void split_power(uint32_t *z)
{
    /* Only bins FE_MEL_K0 .. FE_MEL_K0 + FE_MEL_NBINS - 1 are used: pairs from k = FE_MEL_K0 on. */
    for (unsigned k = FE_MEL_K0; k <= FE_NCPLX / 2; k++) {
        uint32_t a = z[k], b = z[FE_NCPLX - k];
        uint32_t eo = dsp_shadd16(a, b), oe = dsp_shsub16(a, b);
        uint32_t o = dsp_pkhbt0(oe, eo), cs = fe_split_cs[k];
        int32_t tr = dsp_smuad(o, cs) >> 15, ti = dsp_smusdx(cs, o) >> 15;
        int32_t er = (int16_t)(eo & 0xffffu), ei = (int32_t)oe >> 16;
        int32_t xr = (er + ti) >> 1, xi = (ei - tr) >> 1;
        int32_t yr = (er - ti) >> 1, yi = (-ei - tr) >> 1;
        z[k] = (uint32_t)(xr * xr) + (uint32_t)(xi * xi);
        z[FE_NCPLX - k] = (uint32_t)(yr * yr) + (uint32_t)(yi * yi);
    }
}

static int16_t log2_q8(uint64_t v, int32_t offset)
{
    if (v == 0)
        return 0;
    uint32_t hi = (uint32_t)(v >> 32);
    int32_t e;
    uint32_t m;
    if (hi) {
        e = 63 - (int32_t)dsp_clz(hi);
        m = (uint32_t)(v >> (e - 31));
    } else {
        e = 31 - (int32_t)dsp_clz((uint32_t)v);
        m = (uint32_t)v << (31 - e);
    }
    /* m in [2^31, 2^32): index = next 8 bits, fraction = the 15 below */
    uint32_t i = (m >> 23) & 0xffu, f = (m >> 8) & 0x7fffu;
    int32_t t0 = fe_log2_tab[i], t1 = fe_log2_tab[i + 1];
    int32_t frac = t0 + (((t1 - t0) * (int32_t)f) >> 15);            /* Q15 */
    int32_t l = ((e + offset) << 8) + (frac >> 7);                    /* Q8 */
    return (int16_t)(l < 0 ? 0 : l > 32767 ? 32767 : l);
}

void fe_compute(const int16_t frame[FE_WIN], int16_t feat[FE_NMEL])
{
    uint32_t z[FE_NCPLX];
    PROF_START(t);
    int32_t r = (int32_t)window_pack(frame, z);
    PROF_LAP(PROF_WINDOW, t);
    fft_cplx_q15(z);
    PROF_LAP(PROF_FFT, t);
    split_power(z);
    /* Step 5: walk the bins once; `lo` collects band j, `hi` band j + 1. */
    const uint32_t *pw = z + FE_MEL_K0;
    uint64_t lo = 0;
    for (unsigned j = 0; j <= FE_NMEL; j++) {
        uint64_t hi = 0;
        for (unsigned i = fe_mel_seg[j]; i < fe_mel_seg[j + 1]; i++) {
            uint32_t p = pw[i], w = fe_mel_w[i];
            hi += (uint64_t)p * w;
            lo += (uint64_t)p * (32768u - w);
        }
        if (j)
            feat[j - 1] = log2_q8(lo, 2 * r - LOG_OFFSET);
        lo = hi;
    }
    PROF_LAP(PROF_MEL, t);
}
