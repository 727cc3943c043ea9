/*
 * The int8 variant of the streaming Mamba: int8 weights (per-output-channel
 * scales), int16 activations in fixed Q formats chosen by the exporter from
 * calibration, int32 accumulators, int32 selective-scan state. One call per
 * feature frame; the state is independent of the clip's length.
 * "Qf" means value = integer * 2^-f.
 */
#ifndef KWS_MAMBA_Q_H
#define KWS_MAMBA_Q_H

#include <stdint.h>

#include "../kernels/matvec.h"
#include "../model/gen/model_cfg.h"

typedef struct {
    uint32_t norm_eps;        /* RMS norm epsilon in the residual's Q2f */
    mq_linear_t in_proj;      /* norm (Q15) -> x_in (Q f_xi, rows 0..E-1), z (Q f_z, rows E..2E-1) */
    const int8_t *conv_w;     /* E x 4 (K = 4), reordered like matvec rows, per-channel scale */
    const int32_t *conv_b;    /* E, accumulator units */
    const int32_t *conv_m;    /* E: requantise to x_c (Q f_xc), with ... */
    int8_t conv_r;            /* ... one shift (see kernels/matvec.h) */
    mq_linear_t x_proj;       /* x_s (Q f_xc) -> dt_low (Q f_dl) | B (Q f_b) | C (Q f_c) */
    mq_linear_t dt_proj;      /* dt_low (padded to 4) -> dt_pre, requantised to Q10 (not saturated) */
    const int16_t *a2;        /* E: exp(A_log) log2(e), Q10: r = 2^-(dt a2), decay of state n = r^(n+1) */
    const int16_t *d;         /* E: skip D, Q f_d */
    mq_linear_t out_proj;     /* gated y (Q f_g) -> residual (Q f_u) */
    int8_t f_z, f_xc;         /* formats of z and x_c = x_s */
    int8_t sh_dx;             /* dt x: Q(f_xc + 11) -> Q f_dx, right shift >= 0 */
    int8_t sh_d;              /* D x: Q(f_d + f_xc) -> scan output Q f_ya, right shift >= 0 */
    int8_t sh_y;              /* scan output Q f_ya -> y (Q f_y), right shift >= 0 */
    int8_t sh_g;              /* y silu(z): Q(f_y + f_z) -> g (Q f_g), right shift >= 0 */
} mq_block_t;

typedef struct {
    mq_linear_t inp;          /* features (Q8) -> residual (Q f_u) */
    mq_block_t blocks[KWS_L];
    uint32_t norm_eps;        /* final norm */
    mq_linear_t head;         /* pooled (Q15) -> logits, int32 Q16 */
} mq_model_t;

typedef struct {
    int16_t conv[KWS_L][KWS_E][4];   /* per channel: x_in of the 3 previous frames, then a spare slot */
    int32_t h[KWS_L][KWS_E][KWS_N];  /* scan state, Q f_h = f_dx + f_b - 16 */
    int32_t pool[KWS_D];             /* sum over frames of the final norm, Q15 */
    uint32_t frames;
} mq_state_t;

extern const mq_model_t kws_model_q;

void mq_reset(mq_state_t *s);
void mq_step(const mq_model_t *m, mq_state_t *s, const int16_t feat[KWS_IN]);
/* Mean pooling and the classifier: int32 logits, Q16. */
void mq_finish(const mq_model_t *m, const mq_state_t *s, int32_t logits[KWS_NCLASS]);

#endif
