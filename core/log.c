/* log.c — one line per event, as text or JSON. */
#include "log.h"

#include "alloc.h"
#include "utf8.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

static void timestamp(char out[32])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* Adds a string made valid UTF-8: file names and messages may hold any bytes. */
static bool add_string(cJSON *obj, const char *key, const char *value)
{
    char *owned;
    const char *valid = nf_utf8_valid(value, &owned);
    bool ok = valid && cJSON_AddStringToObject(obj, key, valid) != NULL;
    nf_free(owned);
    return ok;
}

static void write_json(const nf_log *log, const char *time, const char *event, const char *file,
                       const char *message)
{
    cJSON *obj = cJSON_CreateObject();
    char *line = NULL;
    if (obj && add_string(obj, "time", time) && add_string(obj, "event", event) &&
        (file ? add_string(obj, "file", file) : cJSON_AddNullToObject(obj, "file") != NULL) &&
        add_string(obj, "message", message))
        line = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (line)
        fprintf(log->out, "%s\n", line);
    nf_free(line);
}

void nf_log_event(const nf_log *log, nf_log_kind kind, const char *event, const char *file,
                  const char *fmt, ...)
{
    if (log->quiet && kind == NF_LOG_ROUTINE)
        return;
    char time[32], message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    timestamp(time);
    if (log->json)
        write_json(log, time, event, file, message);
    else if (file)
        fprintf(log->out, "%s %s %s: %s\n", time, event, file, message);
    else
        fprintf(log->out, "%s %s: %s\n", time, event, message);
    fflush(log->out);
}
