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
 * - States are numbered in breadth-first order with children in symbol
 *   order. Sorting the marked keys first lets the compiler create every
 *   state straight at its final number (one pass over the sorted keys, no
 *   pointer-linked trie), and in this order the children of a state are
 *   consecutive numbers. So a state needs no edge list: first_child[s] and
 *   first_child[s + 1] bound its children and label[t] is the symbol that
 *   leads to child t. That costs 13 bytes a state in all (first_child,
 *   label, fail, out).
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
 *   in no key share class 0, which always leads back to the root. Entity
 *   keys use few distinct bytes, so rows shrink from 256 entries to a few
 *   dozen and more states fit the budget.
 *
 * - Each key has one output record (length and value). out[s] is the
 *   longest key that ends in state s, and each record links to the next
 *   shorter one (the dictionary suffix link), so all matches ending at a
 *   position cost O(matches). Dense rows carry a flag bit on targets that
 *   have output, so the common no-match step needs no second load.
 */
#include "automaton.h"

#include "alloc.h"
#include "error.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The top bit of a dense-row entry says that the target state has output. */
#define OUTPUT_FLAG ((uint32_t)1 << 31)
/*
 * Marking at most doubles a key and adds one symbol, and every symbol adds
 * at most one state: with this limit state numbers stay below OUTPUT_FLAG.
 */
#define MAX_TOTAL_KEY_BYTES ((size_t)1 << 29)
/* The root is nobody's child, so 0 can mean "no such child". */
#define NO_STATE 0u
#define NO_OUTPUT UINT32_MAX
/* Labels of the marker symbols: bytes that never occur in UTF-8. */
#define WORD_START_LABEL 0xFE
#define WORD_END_LABEL 0xFF
/* Symbol classes: bytes of no key, the two markers, then each byte keys use. */
enum { UNUSED_CLASS, WORD_START_CLASS, WORD_END_CLASS, FIRST_BYTE_CLASS };
/*
 * Bytes of dense rows. 1 MiB keeps the hot rows within a core's L2 cache;
 * with typical classes it covers the states of the first two or three
 * symbols of every key even for hundreds of thousands of keys.
 */
#define DENSE_BUDGET ((size_t)1 << 20)
/* Below this many children a linear search beats a binary one. */
#define LINEAR_SEARCH_MAX 8
/* Key groups this small are sorted by insertion sort. */
#define INSERTION_SORT_MAX 12

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

struct nf_automaton {
    uint32_t nstates, ndense, nclasses, nkeys;
    uint8_t byte_class[256];  /* the class of each text byte; the marker labels map to 0 */
    bool ascii_word[128];     /* nf_utf8_is_word_cp for ASCII, without a call per byte */
    uint32_t *dense;          /* ndense rows of nclasses entries: target state | OUTPUT_FLAG */
    uint32_t *first_child;    /* nstates + 1 entries */
    uint8_t *label;           /* the symbol on the edge into each state */
    uint32_t *fail;
    uint32_t *out;            /* the longest key ending in each state, or NO_OUTPUT */
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

/* FNV-1a: keys are short, so a simple byte-at-a-time hash is fast enough. */
static uint32_t hash_key(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
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
    uint32_t hash = hash_key(key, len);
    size_t slot = find_slot(b, key, len, hash);
    if (b->slots[slot] != 0)
        return 1;
    memcpy(b->bytes + b->bytes_len, key, len);
    b->keys[b->nkeys] = (key_entry){(uint32_t)b->bytes_len, (uint32_t)len, value, hash};
    b->bytes_len += len;
    b->slots[slot] = (uint32_t)++b->nkeys;
    return 0;
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
    const unsigned char *bytes;
    uint32_t len;
    uint32_t index;  /* the key's number in the builder, and so its output record */
    uint32_t lcp;    /* bytes shared with the previous key in sorted order */
} sort_key;

/* The byte at depth, or -1 past the end so that a prefix sorts first. */
static int byte_at(const sort_key *k, size_t depth)
{
    return depth < k->len ? k->bytes[depth] : -1;
}

/* Compares two keys known to agree on their first depth bytes. */
static int compare_from(const sort_key *x, const sort_key *y, size_t depth)
{
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

static void swap_keys(sort_key *k, size_t i, size_t j)
{
    sort_key t = k[i];
    k[i] = k[j];
    k[j] = t;
}

static int median_of_three(int a, int b, int c)
{
    if (a > b) {
        int t = a;
        a = b;
        b = t;
    }
    return c < a ? a : c > b ? b : c;
}

typedef struct key_range {
    sort_key *k;
    size_t n, depth;
} key_range;

/*
 * Multikey quicksort (Bentley and Sedgewick): partitions on one byte into
 * less / equal / greater and sorts the equal part on the next byte, so a
 * shared prefix is read once per partition, not once per comparison. The
 * two smaller parts are sorted recursively and the largest in the loop,
 * which keeps the recursion O(log n) deep whatever the keys.
 */
static void sort_keys(sort_key *k, size_t n, size_t depth)
{
    while (n > INSERTION_SORT_MAX) {
        int pivot = median_of_three(byte_at(&k[0], depth), byte_at(&k[n / 2], depth),
                                    byte_at(&k[n - 1], depth));
        size_t lt = 0, i = 0, gt = n;
        while (i < gt) {
            int c = byte_at(&k[i], depth);
            if (c < pivot)
                swap_keys(k, lt++, i++);
            else if (c > pivot)
                swap_keys(k, i, --gt);
            else
                i++;
        }
        /* Keys that end at this depth are all equal: there is nothing to sort. */
        key_range parts[3] = {{k, lt, depth},
                              {k + lt, pivot < 0 ? 0 : gt - lt, depth + 1},
                              {k + gt, n - gt, depth}};
        size_t largest = 0;
        for (size_t p = 1; p < 3; p++)
            if (parts[p].n > parts[largest].n)
                largest = p;
        for (size_t p = 0; p < 3; p++)
            if (p != largest)
                sort_keys(parts[p].k, parts[p].n, parts[p].depth);
        k = parts[largest].k;
        n = parts[largest].n;
        depth = parts[largest].depth;
    }
    insertion_sort(k, n, depth);
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
        size_t n = char_at(a, key, len, i, &word);
        if (word != in_word)
            out[o++] = word ? WORD_START_LABEL : WORD_END_LABEL;
        in_word = word;
        memcpy(out + o, key + i, n);
        o += (uint32_t)n;
        i += n;
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
    if (k == NULL)
        return NULL;
    for (size_t i = 0; i < b->nkeys; i++) {
        const key_entry *e = &b->keys[i];
        uint32_t len = mark_words(a, (const unsigned char *)b->bytes + e->offset, e->len, marked);
        k[i] = (sort_key){marked, len, (uint32_t)i, 0};
        marked += len;
    }
    sort_keys(k, b->nkeys, 0);
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
            a->label[id] = k[i].bytes[d];
            a->first_child[path[d] + 1]++;
            path[d + 1] = id;
        }
        a->out[path[k[i].len]] = k[i].index;
    }
    /* Children of consecutive states are consecutive: counts become offsets. */
    a->first_child[0] = 1;
    for (uint32_t s = 0; s < a->nstates; s++)
        a->first_child[s + 1] += a->first_child[s];
}

/* Gives each byte that occurs in keys a class of its own, in byte order; the rest share one. */
static void assign_byte_classes(nf_automaton *a, const nf_ac_builder *b)
{
    bool used[256] = {false};
    for (size_t i = 0; i < b->bytes_len; i++)
        used[(unsigned char)b->bytes[i]] = true;
    a->nclasses = FIRST_BYTE_CLASS;
    for (int c = 0; c < 256; c++)
        a->byte_class[c] = used[c] ? (uint8_t)a->nclasses++ : UNUSED_CLASS;
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
    uint32_t lo = a->first_child[s], hi = a->first_child[s + 1];
    while (hi - lo > LINEAR_SEARCH_MAX) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a->label[mid] <= label)
            lo = mid;
        else
            hi = mid;
    }
    for (; lo < hi; lo++)
        if (a->label[lo] == label)
            return lo;
    return NO_STATE;
}

/*
 * The state after symbol `label` (of class cls) in state s, with
 * OUTPUT_FLAG set when a key ends there. Sparse states try their children
 * and fall back along failure links until a dense row answers; a byte of
 * no key goes straight to the root, which has no output. Testing the class
 * first also keeps a stray 0xFE or 0xFF in the text from passing for a
 * marker.
 */
static inline uint32_t step(const nf_automaton *a, uint32_t s, uint8_t label, uint32_t cls)
{
    while (s >= a->ndense) {
        if (cls == UNUSED_CLASS)
            return 0;
        uint32_t t = find_child(a, s, label);
        if (t != NO_STATE)
            return a->out[t] != NO_OUTPUT ? t | OUTPUT_FLAG : t;
        s = a->fail[s];
    }
    return a->dense[(size_t)s * a->nclasses + cls];
}

/* A dense state's row: its failure state's row with its own children over it. */
static void fill_dense_row(nf_automaton *a, uint32_t s)
{
    uint32_t *row = a->dense + (size_t)s * a->nclasses;
    if (s == 0)
        memset(row, 0, a->nclasses * sizeof *row);
    else
        memcpy(row, a->dense + (size_t)a->fail[s] * a->nclasses, a->nclasses * sizeof *row);
    for (uint32_t t = a->first_child[s]; t < a->first_child[s + 1]; t++)
        row[label_class(a, a->label[t])] = a->out[t] != NO_OUTPUT ? t | OUTPUT_FLAG : t;
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
    a->fail[0] = 0;
    for (uint32_t s = 0; s < a->nstates; s++) {
        for (uint32_t t = a->first_child[s]; t < a->first_child[s + 1]; t++) {
            uint8_t label = a->label[t];
            uint32_t f = s == 0 ? 0 : step(a, a->fail[s], label, label_class(a, label));
            f &= ~OUTPUT_FLAG;
            a->fail[t] = f;
            if (a->out[t] == NO_OUTPUT)
                a->out[t] = a->out[f];
            else
                a->outputs[a->out[t]].next = a->out[f];
        }
        if (s < a->ndense)
            fill_dense_row(a, s);
    }
}

void nf_automaton_free(nf_automaton *a)
{
    if (a == NULL)
        return;
    nf_free(a->dense);
    nf_free(a->first_child);
    nf_free(a->label);
    nf_free(a->fail);
    nf_free(a->out);
    nf_free(a->outputs);
    nf_free(a);
}

/* As many shallow states get dense rows as the budget pays for; the root always does. */
static uint32_t dense_states(uint32_t nstates, uint32_t nclasses)
{
    size_t rows = DENSE_BUDGET / (nclasses * sizeof(uint32_t));
    if (rows < 1)
        rows = 1;
    return rows < nstates ? (uint32_t)rows : nstates;
}

static int allocate_states(nf_automaton *a)
{
    size_t n = a->nstates, rows = (size_t)a->ndense * a->nclasses;
    a->dense = nf_malloc(rows * sizeof *a->dense);
    a->first_child = nf_calloc(n + 1, sizeof *a->first_child);
    a->label = nf_malloc(n);
    a->fail = nf_malloc(n * sizeof *a->fail);
    a->out = nf_malloc(n * sizeof *a->out);
    a->outputs = nf_malloc(a->nkeys * sizeof *a->outputs);
    if (!a->dense || !a->first_child || !a->label || !a->fail || !a->out || !a->outputs)
        return NF_ENOMEM;
    memset(a->out, 0xff, n * sizeof *a->out);
    a->memory = sizeof *a + rows * sizeof *a->dense + (n + 1) * sizeof *a->first_child + n
                + n * sizeof *a->fail + n * sizeof *a->out + a->nkeys * sizeof *a->outputs;
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
        a->ndense = dense_states(a->nstates, a->nclasses);
        rc = allocate_states(a);
        if (rc == 0) {
            create_states(a, k, b->nkeys, depth_ids, path);
            fill_outputs(a, b);
            link_states(a);
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
    *s = next & ~OUTPUT_FLAG;
    return (next & OUTPUT_FLAG) ? report(a, end, a->out[*s], m) : 0;
}

/*
 * Feeds the text character by character, each preceded by the marker of
 * the word boundary in front of it when there is one, and a last WORD_END
 * when the text ends inside a word.
 */
int nf_automaton_scan(const nf_automaton *a, const char *text, size_t len, nf_ac_matches *out)
{
    if (len > UINT32_MAX)
        return NF_ETOOBIG;
    const unsigned char *bytes = (const unsigned char *)text;
    uint32_t s = 0;
    bool in_word = false;
    for (size_t i = 0; i < len;) {
        bool word;
        size_t end = i + char_at(a, bytes, len, i, &word);
        if (word != in_word) {
            in_word = word;
            if (feed(a, &s, word ? WORD_START_LABEL : WORD_END_LABEL,
                     word ? WORD_START_CLASS : WORD_END_CLASS, i, out) != 0)
                return NF_ENOMEM;
        }
        for (; i < end; i++)
            if (feed(a, &s, bytes[i], a->byte_class[bytes[i]], i + 1, out) != 0)
                return NF_ENOMEM;
    }
    if (in_word && feed(a, &s, WORD_END_LABEL, WORD_END_CLASS, len, out) != 0)
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
