#include "fmath.h"

#include <stdint.h>
#include <string.h>

/* e^x: x = k ln2 + r, |r| <= ln2 / 2, degree-6 Taylor polynomial (rel. error < 2e-7 in r's range), times 2^k. */
float fm_exp(float x)
{
    if (x < -87.0f)
        return 0.0f;
    if (x > 88.0f)
        x = 88.0f;
    float kf = x * 1.44269504f;
    int32_t k = (int32_t)(kf < 0.0f ? kf - 0.5f : kf + 0.5f);
    float r = (x - (float)k * 0.693145752f) - (float)k * 1.42860677e-6f;
    float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.166666672f + r * (0.0416666679f + r * (0.00833333377f + r * 0.00138888892f)))));
    /* 2^k by the exponent field, in two steps so that k down to -126 - 24 stays normal or denormal */
    int32_t k1 = k / 2, k2 = k - k1;
    uint32_t b1 = (uint32_t)(k1 + 127) << 23, b2 = (uint32_t)(k2 + 127) << 23;
    float s1, s2;
    memcpy(&s1, &b1, 4);
    memcpy(&s2, &b2, 4);
    return p * s1 * s2;
}

/* log(1 + y) for y in [0, 1]: log(1 + y) = 2 atanh(y / (2 + y)), odd series in t = y / (2 + y) <= 1/3. */
static float log1p01(float y)
{
    float t = y / (2.0f + y), t2 = t * t;
    float s = 1.0f + t2 * (0.333333343f + t2 * (0.2f + t2 * (0.142857149f + t2 * (0.111111112f + t2 * (0.0909090936f + t2 * 0.0769230798f)))));
    return 2.0f * t * s;
}

float fm_log1p_exp_neg(float a)
{
    return log1p01(fm_exp(-a));
}

float fm_sigmoid(float x)
{
    return 1.0f / (1.0f + fm_exp(-x));
}

float fm_softplus(float x)
{
    float a = x < 0.0f ? -x : x;
    return (x > 0.0f ? x : 0.0f) + fm_log1p_exp_neg(a);
}

float fm_sqrt(float x)
{
#if defined(__ARM_FP) && !defined(KWS_PORTABLE)
    float r;
    __asm__("vsqrt.f32 %0, %1" : "=t"(r) : "t"(x));
    return r;
#else
    return __builtin_sqrtf(x);
#endif
}
