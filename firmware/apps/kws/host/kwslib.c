/*
 * Host-only entry points for the Python training and export scripts
 * (model/kwslib.py loads this as a shared library via ctypes): the
 * firmware's own front end and network, so training sees exactly the
 * features the device computes and evaluation runs the device's arithmetic.
 */
#include <stdint.h>

#include "../frontend/frontend.h"

/* Features of a whole clip: returns the number of frames written to
 * out[frames][FE_NMEL] (at most max_frames). */
int kwslib_features(const int16_t *pcm, int n, int16_t *out, int max_frames)
{
    fe_t fe;
    int frames = 0;
    fe_reset(&fe);
    while (n > 0) {
        uint32_t k = fe_feed(&fe, pcm, (uint32_t)n);
        pcm += k;
        n -= (int)k;
        if (fe_ready(&fe)) {
            if (frames >= max_frames)
                break;
            fe_frame(&fe, out + frames * FE_NMEL);
            frames++;
        }
    }
    return frames;
}

#ifdef KWSLIB_NET
#include "../app/pipeline.h"

/* The whole pipeline on one clip, fed in 256-sample chunks like the device:
 * writes the raw scores, returns the predicted index. */
int kwslib_run(const int16_t *pcm, int n, int32_t *scores)
{
    pl_reset();
    for (int i = 0; i < n; i += 256)
        pl_samples(pcm + i, (uint32_t)(n - i < 256 ? n - i : 256));
    return pl_end(scores);
}

float kwslib_score_scale(void)
{
    return KWS_SCORE_SCALE;
}
#endif
