/*
 * The f32 variant: the same streaming graph as mamba_q.h in single
 * precision with the float weights (same folding: feature normalisation in
 * inp, norm weights in the next layer), for measuring the int8 trade-off.
 */
#ifndef KWS_MAMBA_F_H
#define KWS_MAMBA_F_H

#include <stdint.h>

#include "../model/gen/model_cfg.h"

typedef struct {
    const float *w;  /* out x in, row-major */
    const float *b;  /* out, or NULL */
    uint16_t in, out;
} mf_linear_t;

typedef struct {
    float norm_eps;
    mf_linear_t in_proj, x_proj, dt_proj, out_proj;
    const float *conv_w, *conv_b;  /* E x K, E */
    const float *a;                /* E x N: A = -exp(A_log) */
    const float *d;                /* E */
} mf_block_t;

typedef struct {
    mf_linear_t inp;               /* features as Q8 integers -> residual */
    mf_block_t blocks[KWS_L];
    float norm_eps;
    mf_linear_t head;
} mf_model_t;

typedef struct {
    float conv[KWS_L][KWS_K - 1][KWS_E];
    float h[KWS_L][KWS_E][KWS_N];
    float pool[KWS_D];
    uint32_t frames;
} mf_state_t;

extern const mf_model_t kws_model_f;

void mf_reset(mf_state_t *s);
void mf_step(const mf_model_t *m, mf_state_t *s, const int16_t feat[KWS_IN]);
void mf_finish(const mf_model_t *m, const mf_state_t *s, float logits[KWS_NCLASS]);

#endif
