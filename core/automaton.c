/*
 * automaton.c — the Aho-Corasick matcher: a builder that collects distinct
 * keys, a compiler that turns them into a flat automaton, and the
 * whole-word scanner with its leftmost-longest resolver.
 *
 * How the compiled automaton works, and why:
 *
 * - The whole-word rule is part of the alphabet. Besides the bytes there
 *   are two marker symbols: WORD_START goes before every character that
 *   begins a word (a word character after a non-word one or at the start)
 *   and WORD_END after every character that ends one. Keys are compiled
 *   with their markers ("new york" as ⊢new⊣ ⊢york⊣) and the scanner feeds
 *   the markers of the text between its characters, so a key occurs in
 *   the marked text exactly where it occurs as a whole word. No match is
 *   checked or thrown away afterwards, and inside a word that no key
 *   starts with the automaton stays at the root instead of tracking every
 *   suffix ("paris" is never even a candidate in "comparison"). The cost
 *   is two extra steps a word. The marker bytes 0xFE and 0xFF never occur
 *   in UTF-8, which is why keys must be valid UTF-8.
 *
 * - The compiler sorts the marked keys and creates every state in one
 *   pass over them, straight at its breadth-first number (no
 *   pointer-linked trie). In that order the children of a state are
 *   consecutive numbers, so a state needs no edge list: it holds its first
 *   child and number of children, and each child holds the label of the
 *   edge into it. A state is one 16-byte record (first child, failure
 *   link, output, label, number of children).
 *
 * - A failure link always points to a shallower state, which in
 *   breadth-first order is a smaller number. The states below `ndense`
 *   (the root and the shallowest states, as many as a fixed budget
 *   allows) therefore get a full DFA row each: a state's row is a copy of
 *   its failure state's row with its own children written over it. The
 *   scanner spends most of its time near the root, where one table load
 *   per symbol decides the next state; deeper states search their few
 *   children and fall back along failure links into the dense part.
 *
 * - Rows are indexed by symbol class rather than by byte: bytes that occur
 *   in no key share two classes (ASCII word characters and the rest),
 *   which always lead back to the root. Entity keys use few distinct
 *   bytes, so rows shrink from 256 entries to a few dozen and more states
 *   fit the budget.
 *
 * - A dense row has a second block that takes an ASCII byte together with
 *   the marker in front of it (the state after WORD_START and a word
 *   byte, or after WORD_END and another byte). Which block the scanner
 *   reads only depends on whether the byte before was a word character, so
 *   ASCII text in dense states costs one load per byte, markers included,
 *   and no branch on word boundaries. Non-ASCII characters and sparse
 *   states take the general path, one symbol at a time.
 *
 * - Each key has one output record (length and value). out of a state is
 *   the longest key that ends there, and each record links to the next
 *   shorter one (the dictionary suffix link), so all matches ending at a
 *   position cost O(matches). Dense rows carry flag bits on targets that
 *   have output, so the common no-match step needs no second load.
 *
 * - The compiled automaton is read-only, so threads can share it.
 */
#include "automaton.h"

#include "alloc.h"
#include "error.h"
#include "hash.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A dense-row entry is a state number with flags: keys end in the target state, */
#define OUTPUT_FLAG ((uint32_t)1 << 31)
/* and (boundary block only) keys end at the word end passed before the byte. */
#define END_OUTPUT_FLAG ((uint32_t)1 << 30)
#define STATE_MASK (END_OUTPUT_FLAG - 1)
/*
 * Marking at most doubles a key and adds one symbol, and every symbol adds
 * at most one state: with this limit state numbers stay below the flags.
 */
#define MAX_TOTAL_KEY_BYTES ((size_t)1 << 28)
/* The root is nobody's child, so 0 can mean "no such child". */
#define NO_STATE 0u
#define NO_OUTPUT UINT32_MAX
/* Labels of the marker symbols: bytes that never occur in UTF-8. */
#define WORD_START_LABEL 0xFE
#define WORD_END_LABEL 0xFF
/*
 * Symbol classes: bytes of no key (ASCII word characters apart, so that
 * every ASCII class is all word or all non-word), the two markers, then
 * each byte that keys use.
 */
enum { UNUSED_CLASS, UNUSED_WORD_CLASS, WORD_START_CLASS, WORD_END_CLASS, FIRST_BYTE_CLASS };
/*
 * Bytes of dense rows. 2 MiB keeps the hot rows within a core's L2 cache;
 * with typical classes it covers the states of the first two or three
 * symbols of every key even for hundreds of thousands of keys.
 */
#define DENSE_BUDGET ((size_t)2 << 20)
/* Below this many children a linear search beats a binary one. */
#define LINEAR_SEARCH_MAX 8
/* Key groups this small are sorted by insertion sort. */
#define INSERTION_SORT_MAX 16

typedef struct key_entry {
    uint32_t offset;  /* where the key starts in the builder's bytes */
    uint32_t len;
    uint32_t value;
    uint32_t hash;
} key_entry;

struct nf_ac_builder {
    char *bytes;          /* every key's bytes, back to back */
    size_t bytes_len, bytes_cap;
    key_entry *keys;
    size_t nkeys, keys_cap;
    uint32_t *slots;      /* open-addressing set of key index + 1; 0 marks a free slot */
    size_t nslots;        /* 0 or a power of two, more than twice nkeys */
};

typedef struct output {
    uint32_t len;         /* in bytes of text, markers not counted */
    uint32_t value;
    uint32_t next;        /* the next shorter key ending in the same state, or NO_OUTPUT */
} output;

typedef struct state {
    uint32_t first_child;  /* the children are numbered first_child .. + nchildren - 1 */
    uint32_t fail;
    uint32_t out;          /* the longest key ending here, or NO_OUTPUT */
    uint8_t label;         /* the symbol on the edge into this state */
    uint8_t nchildren;     /* at most the 243 bytes of UTF-8 and the two markers */
} state;

struct nf_automaton {
    uint32_t nstates, ndense, nclasses, nkeys;
    uint32_t row_shift;       /* a dense row has 1 << row_shift entries */
    uint8_t byte_class[256];  /* the class of each text byte; the marker labels map to 0 */
    bool ascii_word[128];     /* nf_utf8_is_word_cp for ASCII, without a call per byte */
    uint16_t column[2][128];  /* where an ASCII byte is looked up, by word-ness of the one before */
    uint32_t *dense;          /* ndense rows: plain block, boundary block, padding */
    state *states;
    output *outputs;          /* one per key, indexed by the order keys were added */
    size_t memory;
};

/* ---- The builder ------------------------------------------------------ */

/*
 * Returns items grown to hold at least `need` elements of `size` bytes
 * (doubling, so appends stay amortized O(1)), or NULL with items untouched.
 */
static void *grow_array(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / size)
        return NULL;
    void *grown = nf_realloc(items, n * size);
    if (grown != NULL)
        *cap = n;
    return grown;
}

/* The slot holding key[0..len), or the free slot where it belongs. */
static size_t find_slot(const nf_ac_builder *b, const char *key, size_t len, uint32_t hash)
{
    size_t mask = b->nslots - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint32_t slot = b->slots[i];
        if (slot == 0)
            return i;
        const key_entry *e = &b->keys[slot - 1];
        if (e->hash == hash && e->len == len && memcmp(b->bytes + e->offset, key, len) == 0)
            return i;
    }
}

/* Doubles the hash set and reinserts every key; the old set stays on failure. */
static int grow_slots(nf_ac_builder *b)
{
    size_t n = b->nslots ? b->nslots * 2 : 64;
    uint32_t *slots = nf_calloc(n, sizeof *slots);
    if (slots == NULL)
        return NF_ENOMEM;
    nf_free(b->slots);
    b->slots = slots;
    b->nslots = n;
    for (size_t k = 0; k < b->nkeys; k++) {
        size_t i = b->keys[k].hash & (n - 1);
        while (slots[i] != 0)
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)k + 1;
    }
    return 0;
}

/* Grows every builder array for one more key of len bytes, before anything changes. */
static int make_room(nf_ac_builder *b, size_t len)
{
    if ((b->nkeys + 1) * 2 >= b->nslots && grow_slots(b) != 0)
        return NF_ENOMEM;
    key_entry *keys = grow_array(b->keys, &b->keys_cap, b->nkeys + 1, sizeof *keys);
    if (keys == NULL)
        return NF_ENOMEM;
    b->keys = keys;
    char *bytes = grow_array(b->bytes, &b->bytes_cap, b->bytes_len + len, 1);
    if (bytes == NULL)
        return NF_ENOMEM;
    b->bytes = bytes;
    return 0;
}

nf_ac_builder *nf_ac_builder_new(void)
{
    return nf_calloc(1, sizeof(nf_ac_builder));
}

int nf_ac_builder_add(nf_ac_builder *b, const char *key, size_t len, uint32_t value)
{
    if (len == 0)
        return NF_EINVAL;
    if (len > MAX_TOTAL_KEY_BYTES - b->bytes_len)
        return NF_ETOOBIG;
    if (nf_utf8_validate(key, len) != len)
        return NF_EUTF8;
    if (make_room(b, len) != 0)
        return NF_ENOMEM;
    uint32_t hash = nf_hash32(key, len);
    size_t slot = find_slot(b, key, len, hash);
    if (b->slots[slot] != 0)
        return 1;
    memcpy(b->bytes + b->bytes_len, key, len);
    b->keys[b->nkeys] = (key_entry){(uint32_t)b->bytes_len, (uint32_t)len, value, hash};
    b->bytes_len += len;
    b->slots[slot] = (uint32_t)++b->nkeys;
    return 0;
}

bool nf_ac_builder_find(const nf_ac_builder *b, const char *key, size_t len, uint32_t *value)
{
    if (b->nslots == 0)
        return false;
    uint32_t slot = b->slots[find_slot(b, key, len, nf_hash32(key, len))];
    if (slot == 0)
        return false;
    *value = b->keys[slot - 1].value;
    return true;
}

void nf_ac_builder_free(nf_ac_builder *b)
{
    if (b == NULL)
        return;
    nf_free(b->bytes);
    nf_free(b->keys);
    nf_free(b->slots);
    nf_free(b);
}

/* ---- Sorting the keys ------------------------------------------------- */

typedef struct sort_key {
    uint64_t chunk;  /* the next bytes to sort on: see chunk_at */
    const unsigned char *bytes;
    uint32_t len;
    uint32_t index;  /* the key's number in the builder, and so its output record */
    uint32_t lcp;    /* bytes shared with the previous key in sorted order */
} sort_key;

/* Bytes a chunk holds; the eighth byte of a chunk says how many are there. */
#define CHUNK_BYTES 7

/*
 * Bytes depth .. depth + 6 of k, big-endian and zero-padded, then their
 * number: comparing two chunks compares the keys from depth on as far as
 * seven bytes tell (a key that ends sorts before any longer one), and
 * equal chunks with fewer than seven bytes mean equal keys.
 */
static uint64_t chunk_at(const sort_key *k, size_t depth)
{
    size_t avail = k->len > depth ? k->len - depth : 0;
    if (avail > CHUNK_BYTES)
        avail = CHUNK_BYTES;
    uint64_t c = 0;
    for (size_t i = 0; i < CHUNK_BYTES; i++)
        c = c << 8 | (i < avail ? k->bytes[depth + i] : 0);
    return c << 8 | avail;
}

static void load_chunks(sort_key *k, size_t n, size_t depth)
{
    for (size_t i = 0; i < n; i++)
        k[i].chunk = chunk_at(&k[i], depth);
}

static bool chunk_is_full(uint64_t chunk)
{
    return (chunk & 0xff) == CHUNK_BYTES;
}

/* Compares two keys known to agree before depth, whose chunks are loaded at depth. */
static int compare_from(const sort_key *x, const sort_key *y, size_t depth)
{
    if (x->chunk != y->chunk)
        return x->chunk < y->chunk ? -1 : 1;
    if (!chunk_is_full(x->chunk))
        return 0;
    depth += CHUNK_BYTES;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = depth < n ? memcmp(x->bytes + depth, y->bytes + depth, n - depth) : 0;
    if (c != 0)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

static void insertion_sort(sort_key *k, size_t n, size_t depth)
{
    for (size_t i = 1; i < n; i++) {
        sort_key item = k[i];
        size_t j = i;
        for (; j > 0 && compare_from(&k[j - 1], &item, depth) > 0; j--)
            k[j] = k[j - 1];
        k[j] = item;
    }
}

/*
 * Stable LSD radix sort of k[0..n) by chunk through tmp (room for n): one
 * pass per chunk byte, skipping the bytes all keys share (the marker most
 * keys start with, the count of a full chunk).
 */
static void radix_sort_chunks(sort_key *k, sort_key *tmp, size_t n)
{
    size_t count[8][256] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][k[i].chunk >> (8 * b) & 0xff]++;
    sort_key *from = k, *to = tmp;
    for (int b = 0; b < 8; b++) {
        size_t *c = count[b];
        if (c[from[0].chunk >> (8 * b) & 0xff] == n)
            continue;
        for (size_t v = 0, sum = 0; v < 256; v++) {
            size_t here = c[v];
            c[v] = sum;
            sum += here;
        }
        for (size_t i = 0; i < n; i++)
            to[c[from[i].chunk >> (8 * b) & 0xff]++] = from[i];
        sort_key *t = from;
        from = to;
        to = t;
    }
    if (from != k)
        memcpy(k, from, n * sizeof *k);
}

/*
 * Sorts k[0..n), keys that agree before depth and have their chunks loaded
 * at depth: by chunk, then each run of equal full chunks by the next
 * chunk. Radix passes read only the sort keys, side by side in memory;
 * the key bytes are read once per chunk. tmp has room for n keys.
 */
static void sort_keys(sort_key *k, sort_key *tmp, size_t n, size_t depth)
{
    if (n <= INSERTION_SORT_MAX) {
        insertion_sort(k, n, depth);
        return;
    }
    radix_sort_chunks(k, tmp, n);
    for (size_t i = 0, j; i < n; i = j) {
        j = i + 1;
        while (j < n && k[j].chunk == k[i].chunk)
            j++;
        /* Equal chunks that are not full belong to equal keys, which the builder rules out. */
        if (j - i > 1 && chunk_is_full(k[i].chunk)) {
            load_chunks(k + i, j - i, depth + CHUNK_BYTES);
            sort_keys(k + i, tmp, j - i, depth + CHUNK_BYTES);
        }
    }
}

static uint32_t common_prefix(const sort_key *x, const sort_key *y)
{
    uint32_t n = x->len < y->len ? x->len : y->len, i = 0;
    while (i < n && x->bytes[i] == y->bytes[i])
        i++;
    return i;
}

/* ---- Marking words -------------------------------------------------- */

/* The length of the character at s[i] (i < len); *word says whether it is a word character. */
static inline size_t char_at(const nf_automaton *a, const unsigned char *s, size_t len, size_t i,
                             bool *word)
{
    if (s[i] < 0x80) {
        *word = a->ascii_word[s[i]];
        return 1;
    }
    int32_t cp;
    size_t n = (size_t)nf_utf8_decode((const char *)s + i, len - i, &cp);
    *word = nf_utf8_is_word_cp(cp);
    return n;
}

static void fill_ascii_words(nf_automaton *a)
{
    for (int32_t c = 0; c < 128; c++)
        a->ascii_word[c] = nf_utf8_is_word_cp(c);
}

/*
 * Copies key[0..len) to out with the markers the scanner would feed around
 * it, the key's start counting as a non-word before it; returns the length
 * written (at most 2 * len + 1).
 */
static uint32_t mark_words(const nf_automaton *a, const unsigned char *key, size_t len,
                           unsigned char *out)
{
    uint32_t o = 0;
    bool in_word = false;
    for (size_t i = 0; i < len;) {
        bool word;
        size_t end = i + char_at(a, key, len, i, &word);
        if (word != in_word)
            out[o++] = word ? WORD_START_LABEL : WORD_END_LABEL;
        in_word = word;
        while (i < end)
            out[o++] = key[i++];
    }
    if (in_word)
        out[o++] = WORD_END_LABEL;
    return o;
}

/*
 * The builder's keys, marked into `marked` (room for 2 * bytes + keys) and
 * sorted, each with its common prefix with the one before.
 */
static sort_key *sorted_keys(const nf_automaton *a, const nf_ac_builder *b, unsigned char *marked)
{
    sort_key *k = nf_malloc(b->nkeys * sizeof *k);
    sort_key *tmp = nf_malloc(b->nkeys * sizeof *tmp);
    if (k == NULL || tmp == NULL) {
        nf_free(k);
        nf_free(tmp);
        return NULL;
    }
    for (size_t i = 0; i < b->nkeys; i++) {
        const key_entry *e = &b->keys[i];
        uint32_t len = mark_words(a, (const unsigned char *)b->bytes + e->offset, e->len, marked);
        k[i] = (sort_key){0, marked, len, (uint32_t)i, 0};
        marked += len;
    }
    load_chunks(k, b->nkeys, 0);
    sort_keys(k, tmp, b->nkeys, 0);
    nf_free(tmp);
    for (size_t i = 1; i < b->nkeys; i++)
        k[i].lcp = common_prefix(&k[i - 1], &k[i]);
    return k;
}

/* ---- Compiling -------------------------------------------------------- */

/*
 * Each key past its common prefix with the previous sorted key adds one
 * state per symbol, at depths lcp + 1 .. len. Fills first_id[d] with the
 * number of the first state at depth d (breadth-first numbering) and
 * returns the number of states.
 */
static uint32_t number_depths(const sort_key *k, size_t nkeys, uint32_t *first_id, size_t max_len)
{
    memset(first_id, 0, (max_len + 2) * sizeof *first_id);
    for (size_t i = 0; i < nkeys; i++) {
        first_id[k[i].lcp + 1]++;
        first_id[k[i].len + 1]--;
    }
    uint32_t at_depth = 0, id = 1;
    for (size_t d = 1; d <= max_len; d++) {
        at_depth += first_id[d];
        first_id[d] = id;
        id += at_depth;
    }
    return id;
}

/*
 * Creates the states in breadth-first numbers: next_id[d] hands out the
 * numbers of depth d in key order, which is also breadth-first order
 * because states of one depth sort like their strings. path[d] is the
 * state of the current key's first d symbols.
 */
static void create_states(nf_automaton *a, const sort_key *k, size_t nkeys, uint32_t *next_id,
                          uint32_t *path)
{
    path[0] = 0;
    for (size_t i = 0; i < nkeys; i++) {
        for (uint32_t d = k[i].lcp; d < k[i].len; d++) {
            uint32_t id = next_id[d + 1]++;
            a->states[id].label = k[i].bytes[d];
            a->states[path[d]].nchildren++;
            path[d + 1] = id;
        }
        a->states[path[k[i].len]].out = k[i].index;
    }
    /* Children of consecutive states are consecutive: counts become offsets. */
    uint32_t next = 1;
    for (uint32_t s = 0; s < a->nstates; s++) {
        a->states[s].first_child = next;
        next += a->states[s].nchildren;
    }
}

static uint32_t ceil_log2(uint32_t n)
{
    uint32_t shift = 0;
    while (((uint32_t)1 << shift) < n)
        shift++;
    return shift;
}

/*
 * Gives each byte that occurs in keys a class of its own, in byte order;
 * the rest share two. Valid UTF-8 uses at most 243 byte values, so every
 * class fits a byte.
 */
static void assign_byte_classes(nf_automaton *a, const nf_ac_builder *b)
{
    bool used[256] = {false};
    for (size_t i = 0; i < b->bytes_len; i++)
        used[(unsigned char)b->bytes[i]] = true;
    a->nclasses = FIRST_BYTE_CLASS;
    for (int c = 0; c < 256; c++) {
        if (used[c])
            a->byte_class[c] = (uint8_t)a->nclasses++;
        else
            a->byte_class[c] = c < 128 && a->ascii_word[c] ? UNUSED_WORD_CLASS : UNUSED_CLASS;
    }
    a->row_shift = ceil_log2(2 * a->nclasses);
}

/*
 * column[w][b] is where ASCII byte b is looked up in a dense row when the
 * character before it was (w = 1) or was not (w = 0) a word character:
 * in the plain block, or in the boundary block (past the nclasses plain
 * entries) when b starts or ends a word.
 */
static void fill_columns(nf_automaton *a)
{
    for (int b = 0; b < 128; b++) {
        uint32_t cls = a->byte_class[b], boundary = cls + a->nclasses;
        a->column[0][b] = (uint16_t)(a->ascii_word[b] ? boundary : cls);
        a->column[1][b] = (uint16_t)(a->ascii_word[b] ? cls : boundary);
    }
}

static uint32_t label_class(const nf_automaton *a, uint8_t label)
{
    if (label == WORD_START_LABEL)
        return WORD_START_CLASS;
    if (label == WORD_END_LABEL)
        return WORD_END_CLASS;
    return a->byte_class[label];
}

static void fill_outputs(nf_automaton *a, const nf_ac_builder *b)
{
    for (size_t i = 0; i < b->nkeys; i++)
        a->outputs[i] = (output){b->keys[i].len, b->keys[i].value, NO_OUTPUT};
}

/* The child of s labelled `label`, or NO_STATE; children are sorted by label. */
static inline uint32_t find_child(const nf_automaton *a, uint32_t s, uint8_t label)
{
    const state *st = a->states;
    uint32_t lo = st[s].first_child, hi = lo + st[s].nchildren;
    while (hi - lo > LINEAR_SEARCH_MAX) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (st[mid].label <= label)
            lo = mid;
        else
            hi = mid;
    }
    for (; lo < hi; lo++)
        if (st[lo].label == label)
            return lo;
    return NO_STATE;
}

/*
 * The state after symbol `label` (of class cls) in state s, with
 * OUTPUT_FLAG set when a key ends there. Sparse states try their children
 * and fall back along failure links until a dense row answers; a byte of
 * no key goes straight to the root, which has no output.
 */
static inline uint32_t step(const nf_automaton *a, uint32_t s, uint8_t label, uint32_t cls)
{
    while (s >= a->ndense) {
        if (cls <= UNUSED_WORD_CLASS)
            return 0;
        uint32_t t = find_child(a, s, label);
        if (t != NO_STATE)
            return a->states[t].out != NO_OUTPUT ? t | OUTPUT_FLAG : t;
        s = a->states[s].fail;
    }
    return a->dense[((size_t)s << a->row_shift) + cls];
}

/*
 * A dense state's plain block: its failure state's with its own children
 * over it. The root's starts zeroed (every symbol leads back to the root).
 */
static void fill_dense_row(nf_automaton *a, uint32_t s)
{
    uint32_t *row = a->dense + ((size_t)s << a->row_shift);
    if (s != 0)
        memcpy(row, a->dense + ((size_t)a->states[s].fail << a->row_shift),
               a->nclasses * sizeof *row);
    const state *st = a->states;
    for (uint32_t t = st[s].first_child; t < st[s].first_child + st[s].nchildren; t++)
        row[label_class(a, st[t].label)] = st[t].out != NO_OUTPUT ? t | OUTPUT_FLAG : t;
}

/*
 * Computes failure links, dictionary suffix links and dense rows in one
 * breadth-first pass. Everything a state's links need belongs to smaller
 * (shallower) states, which are finished by then: the failure state of a
 * child of s is found by stepping from fail[s] < s, and its output list is
 * complete once its own parent, shallower than s, has been processed.
 */
static void link_states(nf_automaton *a)
{
    state *st = a->states;
    st[0].fail = 0;
    for (uint32_t s = 0; s < a->nstates; s++) {
        for (uint32_t t = st[s].first_child; t < st[s].first_child + st[s].nchildren; t++) {
            uint8_t label = st[t].label;
            uint32_t f = s == 0 ? 0 : step(a, st[s].fail, label, label_class(a, label));
            f &= STATE_MASK;
            st[t].fail = f;
            if (st[t].out == NO_OUTPUT)
                st[t].out = st[f].out;
            else
                a->outputs[st[t].out].next = st[f].out;
        }
        if (s < a->ndense)
            fill_dense_row(a, s);
    }
}

/*
 * A dense state's boundary block: for each ASCII byte, the state after the
 * marker in front of it (WORD_START before a word byte, WORD_END before
 * another) and then the byte, so that the scanner takes both in one load.
 * Keys that end at the WORD_END itself are flagged for the scanner to
 * report from the marker's state. This steps through any state, so it
 * runs once link_states has finished every plain block and failure link.
 */
static void fill_boundary_block(nf_automaton *a, uint32_t s)
{
    uint32_t *row = a->dense + ((size_t)s << a->row_shift);
    for (int b = 0; b < 128; b++) {
        bool word = a->ascii_word[b];
        uint32_t marked = row[word ? WORD_START_CLASS : WORD_END_CLASS] & STATE_MASK;
        uint32_t entry = step(a, marked, (uint8_t)b, a->byte_class[b]);
        if (!word && a->states[marked].out != NO_OUTPUT)
            entry |= END_OUTPUT_FLAG;
        row[a->nclasses + a->byte_class[b]] = entry;
    }
}

void nf_automaton_free(nf_automaton *a)
{
    if (a == NULL)
        return;
    nf_free(a->dense);
    nf_free(a->states);
    nf_free(a->outputs);
    nf_free(a);
}

/*
 * As many shallow states get dense rows as the budget pays for: rows have
 * at most 512 entries, so that is always a thousand or more.
 */
static uint32_t dense_states(uint32_t nstates, uint32_t row_shift)
{
    size_t rows = DENSE_BUDGET / (((size_t)1 << row_shift) * sizeof(uint32_t));
    return rows < nstates ? (uint32_t)rows : nstates;
}

static int allocate_states(nf_automaton *a)
{
    size_t n = a->nstates, rows = (size_t)a->ndense << a->row_shift;
    a->dense = nf_calloc(rows, sizeof *a->dense);
    a->states = nf_malloc(n * sizeof *a->states);
    a->outputs = nf_malloc(a->nkeys * sizeof *a->outputs);
    if (a->dense == NULL || a->states == NULL || a->outputs == NULL)
        return NF_ENOMEM;
    for (size_t s = 0; s < n; s++)
        a->states[s] = (state){0, 0, NO_OUTPUT, 0, 0};
    a->memory = sizeof *a + rows * sizeof *a->dense + n * sizeof *a->states
                + a->nkeys * sizeof *a->outputs;
    return 0;
}

static size_t longest_key(const sort_key *k, size_t nkeys)
{
    size_t max = 0;
    for (size_t i = 0; i < nkeys; i++)
        if (k[i].len > max)
            max = k[i].len;
    return max;
}

/* Lays out the trie of the sorted keys and links it. */
static int compile(nf_automaton *a, const nf_ac_builder *b, const sort_key *k)
{
    size_t max_len = longest_key(k, b->nkeys);
    uint32_t *depth_ids = nf_malloc((max_len + 2) * sizeof *depth_ids);
    uint32_t *path = nf_malloc((max_len + 1) * sizeof *path);
    int rc = NF_ENOMEM;
    if (depth_ids != NULL && path != NULL) {
        a->nstates = number_depths(k, b->nkeys, depth_ids, max_len);
        a->ndense = dense_states(a->nstates, a->row_shift);
        rc = allocate_states(a);
        if (rc == 0) {
            create_states(a, k, b->nkeys, depth_ids, path);
            fill_outputs(a, b);
            link_states(a);
            for (uint32_t s = 0; s < a->ndense; s++)
                fill_boundary_block(a, s);
        }
    }
    nf_free(depth_ids);
    nf_free(path);
    return rc;
}

int nf_ac_build(const nf_ac_builder *b, nf_automaton **out)
{
    *out = NULL;
    nf_automaton *a = nf_calloc(1, sizeof *a);
    unsigned char *marked = a != NULL ? nf_malloc(2 * b->bytes_len + b->nkeys) : NULL;
    sort_key *k = NULL;
    int rc = NF_ENOMEM;
    if (marked != NULL) {
        a->nkeys = (uint32_t)b->nkeys;
        fill_ascii_words(a);
        assign_byte_classes(a, b);
        fill_columns(a);
        k = sorted_keys(a, b, marked);
        if (k != NULL)
            rc = compile(a, b, k);
    }
    nf_free(k);
    nf_free(marked);
    if (rc != 0) {
        nf_automaton_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

size_t nf_automaton_keys(const nf_automaton *a)
{
    return a->nkeys;
}

size_t nf_automaton_memory(const nf_automaton *a)
{
    return a->memory;
}

/* ---- Scanning --------------------------------------------------------- */

static int append_match(nf_ac_matches *m, uint32_t start, uint32_t end, uint32_t value)
{
    nf_ac_match *items = grow_array(m->items, &m->cap, m->n + 1, sizeof *items);
    if (items == NULL)
        return NF_ENOMEM;
    m->items = items;
    m->items[m->n++] = (nf_ac_match){start, end, value};
    return 0;
}

/* Appends every key of output list o as a match ending at `end`, longest first. */
static int report(const nf_automaton *a, size_t end, uint32_t o, nf_ac_matches *m)
{
    for (; o != NO_OUTPUT; o = a->outputs[o].next) {
        const output *key = &a->outputs[o];
        if (append_match(m, (uint32_t)(end - key->len), (uint32_t)end, key->value) != 0)
            return NF_ENOMEM;
    }
    return 0;
}

/* Moves *s over one symbol and reports the keys that end there, at text offset `end`. */
static inline int feed(const nf_automaton *a, uint32_t *s, uint8_t label, uint32_t cls,
                       size_t end, nf_ac_matches *m)
{
    uint32_t next = step(a, *s, label, cls);
    *s = next & STATE_MASK;
    return (next & OUTPUT_FLAG) ? report(a, end, a->states[*s].out, m) : 0;
}

/*
 * Reports what a boundary-block entry, read in dense state s for the byte
 * at i, found: first keys that end at the word end before the byte, then
 * keys that end with the byte.
 */
static int report_entry(const nf_automaton *a, uint32_t s, uint32_t entry, size_t i,
                        nf_ac_matches *m)
{
    if (entry & END_OUTPUT_FLAG) {
        uint32_t marked = a->dense[((size_t)s << a->row_shift) + WORD_END_CLASS] & STATE_MASK;
        if (report(a, i, a->states[marked].out, m) != 0)
            return NF_ENOMEM;
    }
    return (entry & OUTPUT_FLAG) ? report(a, i + 1, a->states[entry & STATE_MASK].out, m) : 0;
}

typedef struct scan_state {
    uint32_t s;
    bool in_word;
} scan_state;

/*
 * Feeds the character at *pos the general way: the marker of the word
 * boundary in front of it, if any, as a symbol of its own, then each of
 * its bytes. Used for non-ASCII characters and in sparse states.
 */
static int scan_char(const nf_automaton *a, const unsigned char *text, size_t len, size_t *pos,
                     scan_state *st, nf_ac_matches *m)
{
    size_t i = *pos;
    bool word;
    size_t end = i + char_at(a, text, len, i, &word);
    if (word != st->in_word) {
        st->in_word = word;
        if (feed(a, &st->s, word ? WORD_START_LABEL : WORD_END_LABEL,
                 word ? WORD_START_CLASS : WORD_END_CLASS, i, m) != 0)
            return NF_ENOMEM;
    }
    for (; i < end; i++)
        if (feed(a, &st->s, text[i], a->byte_class[text[i]], i + 1, m) != 0)
            return NF_ENOMEM;
    *pos = end;
    return 0;
}

/*
 * Feeds the text with the markers of its word boundaries between its
 * characters, and a last WORD_END when it ends inside a word. The fast
 * path, an ASCII byte in a dense state, takes the byte and its marker in
 * one table load: the column for the byte depends on whether the byte
 * before was a word character, so no branch decides about markers.
 */
int nf_automaton_scan(const nf_automaton *a, const char *text, size_t len, nf_ac_matches *out)
{
    if (len > UINT32_MAX)
        return NF_ETOOBIG;
    const unsigned char *bytes = (const unsigned char *)text;
    /* Copies the compiler cannot keep in registers itself: out's stores might alias a. */
    const uint32_t *dense = a->dense, ndense = a->ndense, shift = a->row_shift;
    scan_state st = {0, false};
    for (size_t i = 0; i < len;) {
        unsigned char b = bytes[i];
        int rc = 0;
        if (b < 0x80 && st.s < ndense) {
            uint32_t entry = dense[((size_t)st.s << shift) + a->column[st.in_word][b]];
            if (entry & (OUTPUT_FLAG | END_OUTPUT_FLAG))
                rc = report_entry(a, st.s, entry, i, out);
            st.s = entry & STATE_MASK;
            st.in_word = a->ascii_word[b];
            i++;
        } else {
            rc = scan_char(a, bytes, len, &i, &st, out);
        }
        if (rc != 0)
            return rc;
    }
    if (st.in_word && feed(a, &st.s, WORD_END_LABEL, WORD_END_CLASS, len, out) != 0)
        return NF_ENOMEM;
    return 0;
}

/* Start ascending, then longer first; value last so that the order is total. */
static int compare_by_start(const void *x, const void *y)
{
    const nf_ac_match *p = x, *q = y;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    if (p->end != q->end)
        return p->end > q->end ? -1 : 1;
    return (p->value > q->value) - (p->value < q->value);
}

void nf_ac_resolve_longest(nf_ac_matches *m)
{
    if (m->n == 0)
        return;
    qsort(m->items, m->n, sizeof *m->items, compare_by_start);
    size_t kept = 1;
    for (size_t i = 1; i < m->n; i++)
        if (m->items[i].start >= m->items[kept - 1].end)
            m->items[kept++] = m->items[i];
    m->n = kept;
}

void nf_ac_matches_free(nf_ac_matches *m)
{
    nf_free(m->items);
    m->items = NULL;
    m->n = m->cap = 0;
}
