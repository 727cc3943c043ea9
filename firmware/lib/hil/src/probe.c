/*
 * The conformance probe (docs/protocol.md section 7): a fixed set of
 * instruction checks run once at boot, each a few instructions on fixed
 * operands whose result the Arm architecture defines, chosen where emulators
 * are known to go wrong (Renode 1.15.3's tlib sets APSR.GE of the signed
 * parallel add/subtract instructions from overflow instead of sign, and 1.16.x
 * still swaps the halves of the ASX/SAX forms and reads GE as 0 through MRS).
 * The result goes into HELLO tag 0x0f; the host names what failed.
 *
 * Built only where the core has the instructions (__ARM_FEATURE_DSP); elsewhere
 * (Cortex-M0/M3, the host build) nothing runs and HELLO has no probe tag.
 *
 * Every check runs once, then one loop compares the results with the table:
 * the boot cost is fixed (docs/protocol.md gives it).
 */
#include "hil_internal.h"

#if defined(__ARM_FEATURE_DSP)

/* Runs `op a, b` and reads APSR.GE back through SEL: a byte of the result is
 * 0xff where its GE bit is set. One asm block, so nothing can touch GE between. */
#define GE_AFTER(op, a, b, out)                                                        \
    do {                                                                               \
        uint32_t t_;                                                                   \
        __asm__ volatile(op " %0, %2, %3\n\tsel %1, %4, %5"                            \
                         : "=&r"(t_), "=&r"(out)                                      \
                         : "r"(a), "r"(b), "r"(0xffffffffu), "r"(0u)                   \
                         : "cc");                                                      \
        (void)t_;                                                                      \
    } while (0)

/* GE as SEL shows it: nibble g -> 0xff in each byte whose bit is set. */
#define GE_BYTES(g) (((g) & 1u ? 0x000000ffu : 0u) | ((g) & 2u ? 0x0000ff00u : 0u) | \
                     ((g) & 4u ? 0x00ff0000u : 0u) | ((g) & 8u ? 0xff000000u : 0u))

enum { N_CHECKS = 15 };

/* What the architecture gives for each check below, in bit order. */
static const uint32_t want[N_CHECKS] = {
    GE_BYTES(0xcu), /* 0 sadd16: high 0x7fff + 0 >= 0, low 0x8000 + 0 < 0 */
    GE_BYTES(0xcu), /* 1 ssub16: 5 - 1 >= 0 (high), 5 - 9 < 0 (low) */
    GE_BYTES(0xau), /* 2 sadd8: bytes 1, -1, 1, -1 (from the top) + 0 */
    GE_BYTES(0x5u), /* 3 ssub8: 5 - 6 < 0, 5 - 4 >= 0 in each half */
    GE_BYTES(0xcu), /* 4 usub16 (GE = no borrow): 0x8000 - 1 does not borrow (though negative as int16); 1 - 2 does */
    GE_BYTES(0x5u), /* 5 usub8 */
    GE_BYTES(0xcu), /* 6 sasx: low = a.lo - b.hi = 1 - 9 < 0, high = a.hi + b.lo = 5 + 3 >= 0 */
    GE_BYTES(0x3u), /* 7 ssax: low = a.lo + b.hi = 5 + 1 >= 0, high = a.hi - b.lo = 1 - 9 < 0 */
    GE_BYTES(0x3u), /* 8 uasx: low = 0x8000 - 1 (no borrow), high = 1 + 1 (no carry) */
    GE_BYTES(0x3u), /* 9 usax: low = 0xffff + 1 (carry), high = 1 - 2 (borrow) */
    0x000a0000u,    /* 10 MRS APSR after UADD8 set GE = 1010 (bits 19:16) */
    GE_BYTES(0x5u), /* 11 MSR APSR_g of 0101 over 1010, read back with SEL */
    0x08000000u,    /* 12 APSR.Q after a saturating QADD */
    0u,             /* 13 SDIV 7 / 0 (CCR.DIV_0_TRP clear at reset) */
    0xffff0000u,    /* 14 SSAT16 #1: -1 in the negative half-word, 0 in the other */
};

void hil_probe_run(hil_probe_t *p)
{
    uint32_t got[N_CHECKS], t;

    GE_AFTER("sadd16", 0x7fff8000u, 0u, got[0]);
    GE_AFTER("ssub16", 0x00050005u, 0x00010009u, got[1]);
    GE_AFTER("sadd8", 0x01ff01ffu, 0u, got[2]);
    GE_AFTER("ssub8", 0x05050505u, 0x06040604u, got[3]);
    GE_AFTER("usub16", 0x80000001u, 0x00010002u, got[4]);
    GE_AFTER("usub8", 0x05050505u, 0x06040604u, got[5]);
    GE_AFTER("sasx", 0x00050001u, 0x00090003u, got[6]);
    GE_AFTER("ssax", 0x00010005u, 0x00010009u, got[7]);
    GE_AFTER("uasx", 0x00018000u, 0x00010001u, got[8]);
    GE_AFTER("usax", 0x0001ffffu, 0x00010002u, got[9]);
    /* UADD8 sets GE = 1010 (carries out of bytes 1 and 3); MRS must read it. */
    __asm__ volatile("uadd8 %0, %2, %3\n\tmrs %1, apsr"
                     : "=&r"(t), "=&r"(got[10]) : "r"(0xff01ff01u), "r"(0x01010101u) : "cc");
    got[10] &= 0x000f0000u;
    /* MSR APSR_g writes GE only. */
    __asm__ volatile("uadd8 %0, %2, %3\n\tmsr apsr_g, %4\n\tsel %1, %5, %6"
                     : "=&r"(t), "=&r"(got[11])
                     : "r"(0xff01ff01u), "r"(0x01010101u), "r"(0x5u << 16), "r"(0xffffffffu), "r"(0u) : "cc");
    /* Q cleared, then set by 0x7fffffff + 1 saturating. */
    __asm__ volatile("msr apsr_nzcvq, %2\n\tqadd %0, %3, %4\n\tmrs %1, apsr"
                     : "=&r"(t), "=&r"(got[12]) : "r"(0u), "r"(0x7fffffffu), "r"(1u) : "cc");
    got[12] &= 0x08000000u;
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(got[13]) : "r"(7u), "r"(0u));
    __asm__ volatile("ssat16 %0, #1, %1" : "=r"(got[14]) : "r"(0x80007fffu) : "cc");
    (void)t;

    uint32_t failed = 0;
    for (unsigned i = 0; i < N_CHECKS; i++)
        if (got[i] != want[i])
            failed |= 1u << i;
    p->set = HIL_PROBE_SET;
    p->ran = (1u << N_CHECKS) - 1u;
    p->failed = failed;
}

#else

void hil_probe_run(hil_probe_t *p)
{
    p->set = 0; /* not run: HELLO carries no probe tag */
    p->ran = 0;
    p->failed = 0;
}

#endif
