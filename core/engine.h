/*
 * engine.h — one article through every stage.
 *
 * Pure: the same ruleset and the same article give the same output,
 * whichever worker runs it. The engine knows nothing of files, folders or
 * event loops; runners feed it articles and write what it returns.
 */
#ifndef NF_ENGINE_H
#define NF_ENGINE_H

#include "article.h"
#include "ruleset.h"
#include "worker.h"

/*
 * Runs the article through rs's stages in order, timing each. Problems are
 * recorded in the article's errors and the other stages still run; a
 * stage is skipped only when the text cannot be processed at all.
 * Returns 0, or NF_ENOMEM when the article could not be finished.
 */
int nf_engine_process(nf_worker *w, nf_ruleset *rs, nf_article *a);

#endif
