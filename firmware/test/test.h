/* A minimal test harness: CHECK() records failures, main() reports them. */
#ifndef TEST_H
#define TEST_H

#include <stdio.h>

extern int t_checks, t_failures;

#define CHECK(c)                                                                  \
    do {                                                                          \
        t_checks++;                                                               \
        if (!(c)) {                                                               \
            t_failures++;                                                         \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); \
        }                                                                         \
    } while (0)

#define CHECK_EQ(a, b)                                                                  \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        t_checks++;                                                                     \
        if (a_ != b_) {                                                                 \
            t_failures++;                                                               \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, \
                    #a, a_, #b, b_);                                                    \
        }                                                                               \
    } while (0)

/* Deterministic pseudo-random numbers (xorshift32). */
unsigned t_rand(void);

void test_crc(void);
void test_cobs(void);
void test_frame(void);
void test_link(void);
void test_pdm(void);

#endif
