/*
 * Optional per-stage cycle counts (DEFINES=KWS_PROFILE): the app reports
 * them as RESULT values prof_<stage>. Compiled out otherwise.
 */
#ifndef KWS_PROF_H
#define KWS_PROF_H

#include <stdint.h>

enum { PROF_WINDOW, PROF_FFT, PROF_MEL, PROF_LOG, PROF_MATVEC, PROF_NORM, PROF_CONV, PROF_SCAN, PROF_N };

#ifdef KWS_PROFILE
extern uint64_t kws_prof[PROF_N];
extern uint64_t (*kws_clock)(void);
#define PROF_START(t) uint64_t t = kws_clock ? kws_clock() : 0
#define PROF_LAP(i, t)                                  \
    do {                                                \
        uint64_t now_ = kws_clock ? kws_clock() : 0;    \
        kws_prof[i] += now_ - (t);                      \
        (t) = now_;                                     \
    } while (0)
#else
#define PROF_START(t) (void)0
#define PROF_LAP(i, t) (void)0
#endif

#endif
