/*
 * int8-weight x int16-activation matrix-vector products with per-output
 * requantisation, the network's only dense kernel.
 *
 * A layer's weights are int8 with a per-output-channel scale. Rows are
 * padded with zeros to a multiple of 4 inputs (in_pad); inputs are taken in
 * groups of four, each stored as W0 W2 W1 W3 so that SXTB16 and SXTB16 ROR 8
 * of one word give the pairs (W0, W1) and (W2, W3) that SMLAD multiplies
 * with the activation words (x0, x1) and (x2, x3). Rows are stored in blocks
 * of four, interleaved group by group (row 0 group 0, row 1 group 0, ...,
 * row 3 group 0, row 0 group 1, ...), so one pointer walks all four rows;
 * the last out % 4 rows follow one after the other. Reading x past `in` up
 * to in_pad is allowed (the weights there are 0); x must be 4-byte aligned.
 *
 * Requantisation of the int32 accumulator a (bias included), per layer
 * shift r and per-output multiplier m (< 2^31):
 *   r >= 0: y = (smmulr(a, m) + 2^(r-1)) >> r      (r = 0: no rounding term)
 *   r <  0: y = smmulr(a << -r, m)
 * i.e. y = round(a * m * 2^-(32 + r)): the exporter picks m and r.
 */
#ifndef KWS_MATVEC_H
#define KWS_MATVEC_H

#include <stdint.h>

#include "dsp.h"

typedef struct {
    const int8_t *w;      /* see above */
    const int32_t *bias;  /* out, in accumulator units (may be NULL) */
    const int32_t *mult;  /* out */
    int8_t shift;         /* the layer's r */
    uint16_t in_pad, out;
} mq_linear_t;

/* Requantise one accumulator (see above). */
static inline int32_t mq_requant(int32_t acc, int32_t m, int shift)
{
    if (shift >= 0) {
        int32_t t = dsp_smmulr(acc, m);
        return shift ? (t + (1 << (shift - 1))) >> shift : t;
    }
    return dsp_smmulr((int32_t)((uint32_t)acc << -shift), m);
}

/* The raw int32 accumulators of lin . x (+ bias), no requantisation. */
void mq_matvec_acc(const mq_linear_t *lin, const int16_t *x, int32_t *acc);
/* y = sat16(requant(lin . x + bias)). */
void mq_matvec(const mq_linear_t *lin, const int16_t *x, int16_t *y);
/* y = requant(lin . x + bias), int32, unsaturated (for the logits). */
void mq_matvec32(const mq_linear_t *lin, const int16_t *x, int32_t *y);

#endif
