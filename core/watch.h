/*
 * watch.h — `newsflow watch`: the inbox daemon.
 *
 * Every article dropped into the inbox becomes a JSON result in the
 * outbox, and the input moves to done/; bad input moves to quarantine/
 * with <name>.error.json saying why. Nothing is lost across crashes: a
 * result is written (temporary file, fsync, rename) before its input
 * leaves the inbox, so after a crash the input is still there and is
 * processed again to the same result.
 *
 * Files are found by libuv's file watcher, backed by a periodic rescan
 * (inotify drops events when its queue overflows, and libuv does not say
 * so) and by a scan of the backlog at start. A file is taken once its size
 * and modification time have not changed for the settle time — at once
 * when it was last modified longer ago than that, as a file renamed into
 * the inbox usually was. Dot-files and temporary names (*.tmp, *.part,
 * *.swp, *.crdownload, *~) are left alone.
 *
 * Rules reload when the config, a plugin or a list file changes (debounced)
 * or on SIGHUP: the new ruleset is built and validated on a pool thread and
 * swapped in between articles; a broken edit is logged with file:line and
 * the previous rules stay in force. SIGINT and SIGTERM stop taking files,
 * let the articles in flight finish, write the status and exit 0.
 */
#ifndef NF_WATCH_H
#define NF_WATCH_H

#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The status file the daemon keeps in its outbox. */
#define NF_STATUS_FILE "status.json"

typedef struct nf_watch_options {
    const char *config_path;
    const char *inbox, *outbox, *done, *quarantine;   /* NULL: the config's */
    int64_t settle_ms, rescan_ms;                       /* < 0: the config's */
    size_t max_article_bytes;                           /* 0: the config's */
    unsigned workers;                                   /* 0: the config's */
    bool quiet, log_json, pretty;
} nf_watch_options;

/* Runs the daemon until SIGINT or SIGTERM. Returns the process exit code (0, or 2 on a setup error). */
int nf_watch_run(const nf_watch_options *opt);

/*
 * Prints a status file and whether its daemon is alive. Returns 0 when it
 * runs, 1 when it does not, 2 when there is no readable status file.
 */
int nf_watch_print_status(const char *status_path, FILE *out);

#endif
