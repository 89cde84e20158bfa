/*
 * log.h — the daemon's event log: one line per event on a stream.
 *
 * Text lines read "2026-11-23T17:30:01Z processed inbox/a.txt: ...";
 * with JSON each line is {"time", "event", "file", "message"}. Quiet mode
 * drops the routine events (NF_LOG_ROUTINE) and keeps everything else.
 */
#ifndef NF_LOG_H
#define NF_LOG_H

#include <stdbool.h>
#include <stdio.h>

typedef struct nf_log {
    FILE *out;
    bool json;
    bool quiet;
} nf_log;

typedef enum nf_log_kind {
    NF_LOG_ROUTINE,   /* an article processed */
    NF_LOG_NOTICE     /* anything an operator should see */
} nf_log_kind;

/* Logs `event` about `file` (may be NULL) with a printf-style message. */
void nf_log_event(const nf_log *log, nf_log_kind kind, const char *event, const char *file,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
