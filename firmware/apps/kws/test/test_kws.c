/*
 * Host unit tests of the kws front end and int8 kernels against golden
 * vectors from the Python reference (model/golden.py -> test/golden.h).
 * Exact where the Python side emulates the integer arithmetic (dense
 * kernel with the exporter's weight packing, tables, RMS norm), within a
 * stated tolerance where it is a float reference (FFT, log-mel).
 *   make -C firmware/apps/kws test
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../frontend/fft.h"
#include "../frontend/frontend.h"
#include "../kernels/fxp.h"
#include "../kernels/matvec.h"
#include "golden.h"

static unsigned checks, failures;

#define CHECK(cond, ...)                         \
    do {                                         \
        checks++;                                \
        if (!(cond)) {                           \
            failures++;                          \
            if (failures <= 20) {                \
                printf("FAIL %s:%d: ", __FILE__, __LINE__); \
                printf(__VA_ARGS__);             \
                printf("\n");                    \
            }                                    \
        }                                        \
    } while (0)

static void test_fft(void)
{
    uint32_t z[FE_NCPLX];
    for (unsigned n = 0; n < FE_NCPLX; n++)
        z[fe_digrev[n]] = ((uint32_t)(uint16_t)g_fft_in[2 * n]) | ((uint32_t)(uint16_t)g_fft_in[2 * n + 1] << 16);
    fft_cplx_q15(z);
    int worst = 0;
    for (unsigned k = 0; k < FE_NCPLX; k++) {
        int re = (int16_t)(z[k] & 0xffffu), im = (int16_t)(z[k] >> 16);
        int d = abs(re - g_fft_ref[2 * k]) + abs(im - g_fft_ref[2 * k + 1]);
        worst = d > worst ? d : worst;
        CHECK(d <= 8, "fft bin %u: (%d, %d) vs (%d, %d)", k, re, im, g_fft_ref[2 * k], g_fft_ref[2 * k + 1]);
    }
    printf("fft: worst |error| %d LSB (tolerance 8 in |re| + |im|: 8 halvings rounding down)\n", worst);
}

static void test_frontend(void)
{
    for (unsigned f = 0; f < G_FE_N; f++) {
        int16_t feat[FE_NMEL];
        fe_compute(g_fe_in + f * FE_WIN, feat);
        long sum = 0;
        int worst = 0, n = 0, top = 0;
        for (unsigned b = 0; b < FE_NMEL; b++)
            top = g_fe_ref[f * FE_NMEL + b] > top ? g_fe_ref[f * FE_NMEL + b] : top;
        for (unsigned b = 0; b < FE_NMEL; b++) {
            int ref = g_fe_ref[f * FE_NMEL + b];
            /* The 16-bit FFT's noise floor is ~70 dB under the frame's peak: compare
             * bands within 14 octaves of power (42 dB) of the loudest and above 2^4. */
            if (ref < 4 * 256 || ref < top - 14 * 256)
                continue;
            int d = abs(feat[b] - ref);
            sum += d;
            n++;
            worst = d > worst ? d : worst;
            CHECK(d <= 192, "frame %u band %u: %d vs %d (Q8 log2)", f, b, feat[b], ref);
        }
        CHECK(n == 0 || sum / n <= 16, "frame %u: mean |error| %ld/256 octave", f, n ? sum / n : 0);
        printf("front end frame %u: %d bands checked, mean |error| %.4f, worst %.4f (log2 units)\n", f, n,
               n ? (double)sum / n / 256 : 0.0, worst / 256.0);
    }
    /* streaming = frame by frame: 16000 samples in odd-sized chunks give 49 frames equal to fe_compute */
    static int16_t clip[16000];
    for (unsigned i = 0; i < 16000; i++)
        clip[i] = g_fe_in[(i * 7) % (G_FE_N * FE_WIN)];
    fe_t fe;
    fe_reset(&fe);
    unsigned frames = 0, pos = 0, chunk = 1;
    int same = 1;
    while (pos < 16000) {
        unsigned n = chunk < 16000 - pos ? chunk : 16000 - pos;
        unsigned used = 0;
        while (used < n) {
            used += fe_feed(&fe, clip + pos + used, n - used);
            if (fe_ready(&fe)) {
                int16_t a[FE_NMEL], b[FE_NMEL];
                fe_frame(&fe, a);
                fe_compute(clip + frames * FE_HOP, b);
                same &= memcmp(a, b, sizeof a) == 0;
                frames++;
            }
        }
        pos += n;
        chunk = chunk * 3 % 511 + 1;
    }
    CHECK(frames == 49, "16000 samples gave %u frames, want 49", frames);
    CHECK(same, "streamed frames differ from fe_compute on the same samples");
}

static void test_matvec(void)
{
    int16_t y[32];
    const mq_linear_t l1 = {g_mv1_w, 0, g_mv1_m, G_MV1_SHIFT, G_MV1_INPAD, G_MV1_OUT};
    mq_matvec(&l1, g_mv1_x, y);
    for (unsigned o = 0; o < G_MV1_OUT; o++)
        CHECK(y[o] == g_mv1_y[o], "matvec 1 row %u: %d vs %d", o, y[o], g_mv1_y[o]);
    const mq_linear_t l2 = {g_mv2_w, g_mv2_b, g_mv2_m, G_MV2_SHIFT, G_MV2_INPAD, G_MV2_OUT};
    mq_matvec(&l2, g_mv2_x, y);
    for (unsigned o = 0; o < G_MV2_OUT; o++)
        CHECK(y[o] == g_mv2_y[o], "matvec 2 row %u: %d vs %d", o, y[o], g_mv2_y[o]);
}

static void test_functions(void)
{
    for (unsigned i = 0; i < G_FN_N; i++)
        CHECK(fx_sigmoid_q15(g_fn_in[i]) == g_sigmoid[i], "sigmoid(%d)", (int)g_fn_in[i]);
    for (unsigned i = 0; i < G_SP_N; i++)
        CHECK(fx_softplus_q20(g_sp_in[i]) == g_softplus[i], "softplus(%d): %d vs %d", (int)g_sp_in[i],
              (int)fx_softplus_q20(g_sp_in[i]), (int)g_softplus[i]);
    for (unsigned i = 0; i < G_EXP_N; i++)
        CHECK(fx_exp2neg_q31(g_exp_in[i]) == g_exp2neg[i], "exp2neg(%d)", (int)g_exp_in[i]);
    for (unsigned i = 0; i < G_SQRT_N; i++)
        CHECK(fx_isqrt32(g_sqrt_in[i]) == g_sqrt[i], "isqrt(%u)", (unsigned)g_sqrt_in[i]);
    int16_t out[32];
    fx_rmsnorm_q15(g_norm_in, 32, G_NORM_EPS, out);
    for (unsigned i = 0; i < 32; i++)
        CHECK(out[i] == g_norm[i], "rmsnorm[%u]: %d vs %d", i, out[i], g_norm[i]);
    fx_rmsnorm_q15(g_norm1_in, 32, 1, out);
    for (unsigned i = 0; i < 32; i++)
        CHECK(out[i] == g_norm1[i], "rmsnorm one-hot [%u]: %d vs %d", i, out[i], g_norm1[i]);
}

int main(void)
{
    test_fft();
    test_frontend();
    test_matvec();
    test_functions();
    printf("kws unit tests: %u checks, %u failed\n", checks, failures);
    printf("%u passed, %u failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
