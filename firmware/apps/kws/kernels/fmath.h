/*
 * Single-precision functions for the f32 variant, written out (no libm) so
 * that the device (VFPv4-SP) and the host (SSE) give bit-identical results:
 * only IEEE +, -, *, / and sqrt, evaluated in a fixed order (the build uses
 * -ffp-contract=off, so no fused multiply-adds either).
 */
#ifndef KWS_FMATH_H
#define KWS_FMATH_H

float fm_exp(float x);
float fm_log1p_exp_neg(float a);  /* log(1 + e^-a), a >= 0 */
float fm_sigmoid(float x);
float fm_softplus(float x);
float fm_sqrt(float x);

#endif
