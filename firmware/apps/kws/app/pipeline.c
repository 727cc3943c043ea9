#include "pipeline.h"

#include "../frontend/frontend.h"
#include "prof.h"
#if defined(KWS_VARIANT_F32)
#include "../mamba/mamba_f.h"
#else
#include "../mamba/mamba_q.h"
#endif

const char *const kws_labels[KWS_NCLASS] = {
    "_silence_", "_unknown_", "yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go",
};

uint64_t (*kws_clock)(void);
#ifdef KWS_PROFILE
uint64_t kws_prof[PROF_N];
#endif

static fe_t fe;
#if defined(KWS_VARIANT_F32)
static mf_state_t net;
#else
static mq_state_t net;
#endif
static pl_stats_t st;
/* KWS_STACK consecutive feature frames, the network's input */
static int16_t feat[KWS_IN] __attribute__((aligned(4)));

static inline uint64_t now(void)
{
    return kws_clock ? kws_clock() : 0;
}

void pl_reset(void)
{
    fe_reset(&fe);
#if defined(KWS_VARIANT_F32)
    mf_reset(&net);
#else
    mq_reset(&net);
#endif
    st.frontend = st.inference = 0;
#ifdef KWS_PROFILE
    for (unsigned i = 0; i < PROF_N; i++)
        kws_prof[i] = 0;
#endif
    st.frames = 0;
}

void pl_samples(const int16_t *s, uint32_t n)
{
    uint64_t t0 = now();
    while (n) {
        uint32_t k = fe_feed(&fe, s, n);
        s += k;
        n -= k;
        if (fe_ready(&fe)) {
            fe_frame(&fe, feat + (st.frames % KWS_STACK) * FE_NMEL);
            st.frames++;
            if (st.frames % KWS_STACK == 0) {
                uint64_t t1 = now();
                st.frontend += t1 - t0;
#if defined(KWS_VARIANT_F32)
                mf_step(&kws_model_f, &net, feat);
#else
                mq_step(&kws_model_q, &net, feat);
#endif
                t0 = now();
                st.inference += t0 - t1;
            }
        }
    }
    st.frontend += now() - t0;
}

int pl_end(int32_t scores[KWS_NCLASS])
{
    uint64_t t0 = now();
#if defined(KWS_VARIANT_F32)
    float logits[KWS_NCLASS];
    mf_finish(&kws_model_f, &net, logits);
    for (unsigned i = 0; i < KWS_NCLASS; i++) {
        float v = logits[i] * (float)(1 << KWS_SCORE_BITS);
        v = v > 2.0e9f ? 2.0e9f : v < -2.0e9f ? -2.0e9f : v;
        scores[i] = (int32_t)(v < 0.0f ? v - 0.5f : v + 0.5f);
    }
#else
    mq_finish(&kws_model_q, &net, scores);
#endif
    int best = 0;
    for (int i = 1; i < KWS_NCLASS; i++)
        if (scores[i] > scores[best])
            best = i;
    st.inference += now() - t0;
    return best;
}

const pl_stats_t *pl_stats(void)
{
    return &st;
}
