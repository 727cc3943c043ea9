/* One frame of the f32 streaming Mamba (same steps as mamba_q.c). */
#include "mamba_f.h"

#include <string.h>

#include "../kernels/fmath.h"

static void matvec(const mf_linear_t *l, const float *x, float *y)
{
    for (unsigned o = 0; o < l->out; o++) {
        const float *w = l->w + (uint32_t)o * l->in;
        float acc = l->b ? l->b[o] : 0.0f;
        for (unsigned i = 0; i < l->in; i++)
            acc += w[i] * x[i];
        y[o] = acc;
    }
}

/* x / sqrt(sum x^2 + eps): unit norm (1/sqrt(n) and the weight are folded into the next layer). */
static void rmsnorm(const float *x, float eps, float *out)
{
    float ss = eps;
    for (unsigned i = 0; i < KWS_D; i++)
        ss += x[i] * x[i];
    float r = 1.0f / fm_sqrt(ss);
    for (unsigned i = 0; i < KWS_D; i++)
        out[i] = x[i] * r;
}

void mf_reset(mf_state_t *s)
{
    memset(s, 0, sizeof *s);
}

static void block(const mf_block_t *b, float hist[KWS_K - 1][KWS_E], float h[KWS_E][KWS_N], float *u)
{
    float nrm[KWS_D], xz[2 * KWS_E], xs[KWS_E], dbc[KWS_XP_OUT], dt[KWS_E], g[KWS_E], out[KWS_D];
    rmsnorm(u, b->norm_eps, nrm);
    matvec(&b->in_proj, nrm, xz);
    for (unsigned e = 0; e < KWS_E; e++) {
        const float *w = b->conv_w + e * KWS_K;
        float acc = b->conv_b[e];
        for (unsigned k = 0; k < KWS_K - 1; k++)
            acc += w[k] * hist[k][e];
        acc += w[KWS_K - 1] * xz[e];
        xs[e] = acc * fm_sigmoid(acc);
        for (unsigned k = 0; k + 1 < KWS_K - 1; k++)
            hist[k][e] = hist[k + 1][e];
        hist[KWS_K - 2][e] = xz[e];
    }
    matvec(&b->x_proj, xs, dbc);
    matvec(&b->dt_proj, dbc, dt);
    const float *bm = dbc + KWS_R, *cm = dbc + KWS_R + KWS_N;
    for (unsigned e = 0; e < KWS_E; e++) {
        float d = fm_softplus(dt[e]), dx = d * xs[e], y = 0.0f;
        for (unsigned n = 0; n < KWS_N; n++) {
            float hn = fm_exp(d * b->a[e * KWS_N + n]) * h[e][n] + dx * bm[n];
            h[e][n] = hn;
            y += hn * cm[n];
        }
        y += b->d[e] * xs[e];
        float z = xz[KWS_E + e];
        g[e] = y * (z * fm_sigmoid(z));
    }
    matvec(&b->out_proj, g, out);
    for (unsigned i = 0; i < KWS_D; i++)
        u[i] += out[i];
}

void mf_step(const mf_model_t *m, mf_state_t *s, const int16_t feat[KWS_IN])
{
    float f[KWS_IN], u[KWS_D], nrm[KWS_D];
    for (unsigned i = 0; i < KWS_IN; i++)
        f[i] = (float)feat[i];
    matvec(&m->inp, f, u);
    for (unsigned l = 0; l < KWS_L; l++)
        block(&m->blocks[l], s->conv[l], s->h[l], u);
    rmsnorm(u, m->norm_eps, nrm);
    for (unsigned i = 0; i < KWS_D; i++)
        s->pool[i] += nrm[i];
    s->frames++;
}

void mf_finish(const mf_model_t *m, const mf_state_t *s, float logits[KWS_NCLASS])
{
    float mean[KWS_D], n = (float)(s->frames ? s->frames : 1u);
    for (unsigned i = 0; i < KWS_D; i++)
        mean[i] = s->pool[i] / n;
    matvec(&m->head, mean, logits);
}
