/*
 * tinyhil device library: the application API.
 *
 * An app describes itself in a hil_app_t and hands it to hil_main(), which
 * speaks the protocol of docs/protocol.md forever: HELLO, then clips. Per
 * clip the library calls begin(), then samples() once per chunk (in order,
 * whether they arrive over the UART, are read from memory or captured by
 * the microphone), then end(), where the app fills the RESULT. The library
 * measures the cycles spent in these three callbacks; time spent waiting for
 * the UART or the microphone is never counted.
 *
 * Callbacks run in the main loop, never in an interrupt. hil_log() may be
 * called from any of them (and before hil_main()), but not from interrupts.
 */
#ifndef HIL_H
#define HIL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HIL_PROTOCOL_VERSION 1u
#define HIL_MAX_ARGS 8u          /* CLIP_BEGIN carries at most 8 app args */
#define HIL_CLIP_MEMORY 0x0001u  /* hil_clip_t.flags: samples were read from memory */
#define HIL_CLIP_MIC 0x0002u     /* hil_clip_t.flags: samples come from the microphone */

enum { HIL_LOG_ERROR = 0, HIL_LOG_WARN = 1, HIL_LOG_INFO = 2, HIL_LOG_DEBUG = 3 };

typedef struct {
    uint32_t clip_id;      /* host-chosen, echoed in RESULT by the library */
    uint32_t n_samples;    /* int16 mono samples that will follow */
    uint32_t sample_rate;  /* Hz */
    uint16_t flags;        /* HIL_CLIP_MEMORY, HIL_CLIP_MIC */
    uint8_t n_args;        /* args[n_args..7] are 0 */
    int32_t args[HIL_MAX_ARGS];
} hil_clip_t;

/* The RESULT under construction; only valid inside end(). */
typedef struct hil_result hil_result_t;

/* Index of the predicted label, or -1 for none (the default). */
void hil_result_predicted(hil_result_t *r, int idx);
/* Raw scores in label order (the host multiplies by score_scale). Call once. */
void hil_result_scores(hil_result_t *r, const int32_t *scores, unsigned n);
/* A named value; the name is copied. May be called many times. */
void hil_result_value(hil_result_t *r, const char *name, int64_t v);
/* Override the default split (front end = time in samples(), inference =
 * time in end()) with the app's own measurement, in hil_cycles() units. */
void hil_result_cycles_split(hil_result_t *r, uint64_t frontend, uint64_t inference);
/* 0 = ok (default), else an app-defined error code. */
void hil_result_status(hil_result_t *r, uint8_t code);

typedef struct {
    const char *name;               /* HELLO fw_name */
    const char *version;            /* HELLO fw_version */
    const char *const *labels;      /* class labels, in score order */
    unsigned n_labels;
    uint32_t max_clip_samples;      /* 0: no limit */
    float score_scale;              /* score = raw x scale; 0 is taken as 1 */
    /* 0 accepts the clip; non-zero rejects it (ERROR 4) with *reason if set.
     * Must reset all per-clip state: an aborted clip never reaches end(). */
    int (*begin)(const hil_clip_t *clip, const char **reason);
    /* A chunk of the clip's samples, in order; the pointer is only valid
     * during the call. */
    void (*samples)(const int16_t *s, uint32_t n);
    /* Every sample was consumed: fill the result. */
    void (*end)(hil_result_t *r);
    /* Optional: called once in hil_main() before HELLO (load a model, log
     * "ready"); its log lines are sent once the host has accepted HELLO. */
    void (*init)(void);
} hil_app_t;

/* Initialises the port (hil_port_init()), sends HELLO and serves clips. */
void hil_main(const hil_app_t *app) __attribute__((noreturn));

/* Queue a LOG line (text is truncated to 120 bytes). Never blocks: when
 * the queue is full the line is dropped and the drop is reported later. */
void hil_log(int level, const char *text);
/* hil_log() of text immediately followed by v in decimal. */
void hil_log_int(int level, const char *text, int64_t v);

/* The port's 64-bit counter (see HELLO cycle_source). */
uint64_t hil_cycles(void);

/* CRC-32 (IEEE, zlib): crc = hil_crc32(0, buf, n); chain by passing the
 * previous result, like zlib's crc32(). */
uint32_t hil_crc32(uint32_t crc, const void *data, size_t n);

/* The library's self-test app (docs/porting.md): proves a port. */
extern const hil_app_t hil_selftest_app;

#ifdef __cplusplus
}
#endif

#endif /* HIL_H */
