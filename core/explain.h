/*
 * explain.h — `newsflow explain`: an article as a person reads it.
 *
 * Prints the document with what the rules found marked in place, then
 * tables of entities, claims, signals (with their weights and reasons),
 * scores, excluded text and errors: the fastest way to see why a rule fired.
 *
 * With colour (a terminal): entities are coloured by type, claims are
 * underlined, their cues bold, excluded text dim. Without: an entity reads
 * [text|TYPE], a claim «text», excluded text {{text}}.
 */
#ifndef NF_EXPLAIN_H
#define NF_EXPLAIN_H

#include "article.h"

#include <stdbool.h>
#include <stdio.h>

void nf_explain(FILE *out, const nf_article *a, bool color);

#endif
