/* Fixed-point complex FFT, Q15, packed (re low, im high half-word). */
#ifndef KWS_FFT_H
#define KWS_FFT_H

#include <stdint.h>

/* In-place radix-4 decimation-in-time FFT of FE_NCPLX (= 4^4) points whose
 * input is already in base-4 digit-reversed order (fe_digrev). Every stage
 * divides by 4 (two halving adds, rounding toward minus infinity), so the
 * output is DFT(z) / FE_NCPLX and cannot overflow. */
void fft_cplx_q15(uint32_t *z);

#endif
