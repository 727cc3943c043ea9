/*
 * One frame of the int8 streaming Mamba (see mamba_q.h and docs/kws.md).
 * Per block: RMS norm, in_proj, causal depthwise conv + SiLU, x_proj,
 * then per channel dt_proj + softplus, the selective scan and the SiLU(z)
 * gate, then out_proj and the residual add.
 */
#include "mamba_q.h"

#include <string.h>

#include "../app/prof.h"
#include "../kernels/dsp.h"
#include "../kernels/fxp.h"

#if KWS_K != 4
#error "the conv kernel is written for d_conv = 4"
#endif
#if KWS_N % 2
#error "the scan takes the states in pairs"
#endif

#define XP_PAD ((KWS_XP_OUT + 3) & ~3)

static inline uint32_t ld32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline void st32(void *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* Rounding right shift by s >= 0, as (x + half) >> s with half = 2^s / 2
 * computed once per layer. */
static inline int32_t rshift(int32_t x, int32_t half, int s)
{
    return (x + half) >> s;
}

static inline int32_t half_of(int s)
{
    return (1 << s) >> 1;
}

/* Q f -> Q10 for the sigmoid table: (x << 10) >> f, exact for f <= 10. */
static inline int32_t q10(int32_t x, int f)
{
    return (int32_t)((uint32_t)x << 10) >> f;
}

void mq_reset(mq_state_t *s)
{
    memset(s, 0, sizeof *s);
}

/* x_in -> x_c = conv over this and the 3 previous frames -> x_s = silu(x_c). */
__attribute__((noinline)) static void conv_silu(const mq_block_t *b, int16_t hist[KWS_E][4], const int16_t *xi, int16_t *xs)
{
    const int8_t *cw = b->conv_w;
    const int cr = b->conv_r;
    const int32_t *cb = b->conv_b, *cm = b->conv_m;
    const int f = b->f_xc;
    for (unsigned e = 0; e < KWS_E; e++) {
        uint32_t w = ld32(cw + 4 * e);
        uint32_t p01 = ld32(&hist[e][0]);                                 /* x[t-3], x[t-2] */
        uint32_t p23 = dsp_pkhbt((uint16_t)hist[e][2], (uint16_t)xi[e]); /* x[t-1], x[t] */
        int32_t acc = dsp_smlad(dsp_sxtb16(w), p01, cb[e]);
        acc = dsp_smlad(dsp_sxtb16_ror8(w), p23, acc);
        st32(&hist[e][0], (p01 >> 16) | (p23 << 16));                     /* x[t-2], x[t-1] */
        hist[e][2] = xi[e];
        int32_t xc = dsp_ssat16(mq_requant(acc, cm[e], cr));
        xs[e] = (int16_t)((xc * fx_sigmoid_q15(q10(xc, f))) >> 15);
    }
}

/* Pass 1, per channel: dt = softplus(dt_proj(dt_low)) (Q20, < 16), the
 * decay r = 2^-(dt a2) (Q31) and dt x (Q f_dx). */
__attribute__((noinline)) static void scan_dt(const mq_block_t *b, const int16_t *xs, const int16_t *dbc,
                                              int32_t *rr, int32_t *dxx)
{
    const uint32_t dl = ld32(dbc);  /* dt_low, padded: dt_proj's weights 2..3 are 0 */
    const int8_t *dtw = b->dt_proj.w;
    const int32_t *dtb = b->dt_proj.bias, *dtm = b->dt_proj.mult;
    const int16_t *a2 = b->a2;
    const int dtr = b->dt_proj.shift, sdx = b->sh_dx;
    const int32_t hdx = half_of(sdx);
    for (unsigned e = 0; e < KWS_E; e++) {
        int32_t acc = dsp_smlad(dsp_sxtb16(ld32(dtw + 4 * e)), dl, dtb[e]);
        int32_t dt = dsp_usat24(fx_softplus_q20(mq_requant(acc, dtm[e], dtr)));
        rr[e] = fx_exp2neg_q31(dsp_smulwb(dt, a2[e]));
        dxx[e] = rshift(dsp_smmulr(dt << 7, (int32_t)xs[e] << 16), hdx, sdx);
    }
}

/* Pass 2, per channel: the scan over the N states (decay r^(n+1)),
 * y = C.h + D x, g = y silu(z). */
__attribute__((noinline)) static void scan_gate(const mq_block_t *b, int32_t h[KWS_E][KWS_N], const int16_t *xs,
                                                const int16_t *dbc, const int16_t *z, const int32_t *rr,
                                                const int32_t *dxx, int16_t *g)
{
    const int16_t *dd = b->d;
    const int sd = b->sh_d, sy = b->sh_y, sg = b->sh_g, fz = b->f_z;
    const int32_t hd = half_of(sd), hy = half_of(sy), hg = half_of(sg);
    uint32_t bw[KWS_N / 2], cw[KWS_N / 2];
    for (unsigned n = 0; n < KWS_N / 2; n++) {
        bw[n] = ld32(dbc + KWS_R + 2 * n);
        cw[n] = ld32(dbc + KWS_R + KWS_N + 2 * n);
    }
    for (unsigned e = 0; e < KWS_E; e++) {
        const int32_t r = rr[e], dx = dxx[e];
        int32_t *he = h[e];
        int32_t p = r, ya = 0;
        for (unsigned n = 0; n < KWS_N / 2; n++) {
            int32_t h0 = dsp_smmulr(he[2 * n] << 1, p);
            p = dsp_smmulr(p, r) << 1;
            int32_t h1 = dsp_smmulr(he[2 * n + 1] << 1, p);
            p = dsp_smmulr(p, r) << 1;
            h0 = dsp_smlawb(dx, bw[n], h0);
            h1 = dsp_smlawt(dx, bw[n], h1);
            he[2 * n] = h0;
            he[2 * n + 1] = h1;
            ya = dsp_smlawb(h0, cw[n], ya);
            ya = dsp_smlawt(h1, cw[n], ya);
        }
        ya += rshift(dd[e] * xs[e], hd, sd);
        int32_t y = dsp_ssat16(rshift(ya, hy, sy));
        int32_t zz = z[e];
        int32_t sz = (zz * fx_sigmoid_q15(q10(zz, fz))) >> 15;                  /* silu(z), Q f_z */
        g[e] = (int16_t)dsp_ssat16(rshift(y * sz, hg, sg));
    }
}

void mq_step(const mq_model_t *m, mq_state_t *s, const int16_t feat[KWS_IN])
{
    int16_t u[KWS_D] __attribute__((aligned(4)));
    int16_t nrm[KWS_D] __attribute__((aligned(4)));
    int16_t xz[2 * KWS_E] __attribute__((aligned(4)));
    int16_t xs[KWS_E] __attribute__((aligned(4)));
    int16_t dbc[XP_PAD] __attribute__((aligned(4)));
    int16_t g[KWS_E] __attribute__((aligned(4)));
    int32_t rr[KWS_E], dxx[KWS_E];

    PROF_START(t);
    mq_matvec(&m->inp, feat, u);
    PROF_LAP(PROF_MATVEC, t);
    for (unsigned l = 0; l < KWS_L; l++) {
        const mq_block_t *b = &m->blocks[l];
        fx_rmsnorm_q15(u, KWS_D, b->norm_eps, nrm);
        PROF_LAP(PROF_NORM, t);
        mq_matvec(&b->in_proj, nrm, xz);
        PROF_LAP(PROF_MATVEC, t);
        conv_silu(b, s->conv[l], xz, xs);
        PROF_LAP(PROF_CONV, t);
        mq_matvec(&b->x_proj, xs, dbc);
        PROF_LAP(PROF_MATVEC, t);
        scan_dt(b, xs, dbc, rr, dxx);
        scan_gate(b, s->h[l], xs, dbc, xz + KWS_E, rr, dxx, g);
        PROF_LAP(PROF_SCAN, t);
        mq_matvec(&b->out_proj, g, nrm);  /* nrm reused as the block's output */
        for (unsigned i = 0; i < KWS_D; i++)
            u[i] = (int16_t)dsp_ssat16(u[i] + nrm[i]);
        PROF_LAP(PROF_MATVEC, t);
    }
    fx_rmsnorm_q15(u, KWS_D, m->norm_eps, nrm);
    for (unsigned i = 0; i < KWS_D; i++)
        s->pool[i] += nrm[i];
    s->frames++;
    PROF_LAP(PROF_NORM, t);
}

void mq_finish(const mq_model_t *m, const mq_state_t *s, int32_t logits[KWS_NCLASS])
{
    int16_t mean[KWS_D] __attribute__((aligned(4)));
    int32_t n = s->frames ? (int32_t)s->frames : 1;
    for (unsigned i = 0; i < KWS_D; i++) {
        int32_t p = s->pool[i];
        mean[i] = (int16_t)((p >= 0 ? p + n / 2 : p - n / 2) / n);
    }
    mq_matvec32(&m->head, mean, logits);
}
