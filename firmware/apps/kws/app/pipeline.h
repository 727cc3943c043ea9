/*
 * The keyword spotter as a stream: samples in, scores out. The front end
 * runs hop by hop and the network frame by frame as features become
 * available; nothing holds the whole clip. Shared by the firmware app
 * (app/kws.c) and the host library for the Python scripts (host/kwslib.c).
 */
#ifndef KWS_PIPELINE_H
#define KWS_PIPELINE_H

#include <stdint.h>

#include "../model/gen/model_cfg.h"

/* Both variants report logits as round(logit * 2^16). */
#define KWS_SCORE_BITS 16
#define KWS_SCORE_SCALE (1.0f / 65536.0f)

#if defined(KWS_VARIANT_F32)
#define KWS_VARIANT_NAME "f32"
#else
#define KWS_VARIANT_NAME "int8"
#endif

extern const char *const kws_labels[KWS_NCLASS];

/* Cycle counter used to split the time; NULL: no timing. */
extern uint64_t (*kws_clock)(void);

typedef struct {
    uint64_t frontend, inference;  /* kws_clock() units, since pl_reset() */
    uint32_t frames;               /* feature frames (the network steps every KWS_STACK) */
} pl_stats_t;

void pl_reset(void);
void pl_samples(const int16_t *s, uint32_t n);
/* Finishes the clip: raw scores (logit = raw x KWS_SCORE_SCALE); returns
 * the predicted label index (first maximum). */
int pl_end(int32_t scores[KWS_NCLASS]);
const pl_stats_t *pl_stats(void);

#endif
