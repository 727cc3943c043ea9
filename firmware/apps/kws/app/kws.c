/*
 * The tinyhil app `kws`: streams each clip through the pipeline and reports
 * the 12 scores, the prediction, the front end / inference cycle split and
 * the number of frames.
 */
#include "kws.h"

#include "hil.h"
#include "pipeline.h"
#include "prof.h"

static int kws_begin(const hil_clip_t *clip, const char **reason)
{
    if (clip->sample_rate != 16000u) {
        *reason = "kws: sample_rate must be 16000";
        return 1;
    }
    pl_reset();
    return 0;
}

static void kws_samples(const int16_t *s, uint32_t n)
{
    pl_samples(s, n);
}

static void kws_end(hil_result_t *r)
{
    int32_t scores[KWS_NCLASS];
    int best = pl_end(scores);
    const pl_stats_t *st = pl_stats();
    hil_result_scores(r, scores, KWS_NCLASS);
    hil_result_predicted(r, st->frames ? best : -1);
    hil_result_cycles_split(r, st->frontend, st->inference);
    hil_result_value(r, "frames", st->frames);
#ifdef KWS_PROFILE
    static const char *const names[PROF_N] = {"prof_window", "prof_fft", "prof_mel", "prof_log",
                                              "prof_matvec", "prof_norm", "prof_conv", "prof_scan"};
    for (unsigned i = 0; i < PROF_N; i++)
        hil_result_value(r, names[i], (int64_t)kws_prof[i]);
#endif
}

static void kws_init(void)
{
    kws_clock = hil_cycles;
    hil_log(HIL_LOG_INFO, "kws " KWS_VERSION " (" KWS_VARIANT_NAME ") ready");
}

const hil_app_t kws_app = {
    .name = "kws",
    .version = KWS_VERSION "-" KWS_VARIANT_NAME,
    .labels = kws_labels,
    .n_labels = KWS_NCLASS,
    .max_clip_samples = 0,
    .score_scale = KWS_SCORE_SCALE,
    .begin = kws_begin,
    .samples = kws_samples,
    .end = kws_end,
    .init = kws_init,
};
