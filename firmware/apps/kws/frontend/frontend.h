/*
 * The streaming log-mel front end: 30 ms Hann window (480 samples), 20 ms
 * hop (320), 512-point FFT, 40 mel bands 125..7500 Hz, log2. Fixed point
 * throughout, so every build (device, host, the Python training library)
 * computes the same features bit for bit.
 *
 * Feature = max(0, log2(mel energy)) in Q8 (1/256 of an octave of energy),
 * where mel energy is in units of (int16 sample)^2.
 */
#ifndef KWS_FRONTEND_H
#define KWS_FRONTEND_H

#include <stdint.h>

#include "fe_tables.h"

typedef struct {
    int16_t buf[FE_WIN] __attribute__((aligned(4)));  /* the current frame's samples */
    uint32_t fill;        /* samples in buf */
} fe_t;

void fe_reset(fe_t *fe);
/* Takes up to n samples, stopping when a frame is complete; returns how
 * many it took. Then fe_ready() says whether fe_frame() must be called. */
uint32_t fe_feed(fe_t *fe, const int16_t *s, uint32_t n);
static inline int fe_ready(const fe_t *fe) { return fe->fill == FE_WIN; }
/* Computes the complete frame's FE_NMEL features and slides by one hop. */
void fe_frame(fe_t *fe, int16_t feat[FE_NMEL]);

/* The stateless part, exposed for tests: features of one 480-sample frame. */
void fe_compute(const int16_t frame[FE_WIN], int16_t feat[FE_NMEL]);

#endif
