/* What the units of the native kernel share: buffer arguments, the separator list, the radix
 * sort of keys with values, and the functions module.c puts in the method table.
 *
 * Every kernel function has a numpy twin in Python (candidates.py, validators.py, sketch.py,
 * people.py, geo/...) that defines what it computes; the C only makes it one pass over the
 * bytes instead of many array passes. Property tests compare both on generated input, so the
 * twin is the specification.
 *
 * No tables live in the kernel: mobile allocations, GB/T 2260 codes, issuer ranges and
 * check-digit constants come from the Python side (cited data files) on every call. Inputs are
 * C-contiguous buffers (numpy arrays, bytes); outputs are bytearrays that Python views with
 * numpy.frombuffer (writable, no copy).
 *
 * The units are compiled into one extension module: helpers shared by several units are
 * `static inline` here (each unit keeps its own copy, nothing is exported), and the functions
 * the module exports carry the `ck_` prefix, the only names the units link by.
 */
#ifndef CARBORDER_KERNEL_H
#define CARBORDER_KERNEL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* A buffer argument, checked for its item size and (optionally) writability. */
static inline int get(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS) < 0) return -1;
    if (view->len % itemsize != 0) {
        PyErr_Format(PyExc_ValueError, "%s: buffer length is not a multiple of %zd", what,
                     itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Two buffers, or neither: the first is released when the second cannot be had. */
static inline int get2(PyObject *oa, Py_buffer *a, Py_ssize_t sa, const char *na, PyObject *ob,
                       Py_buffer *b, Py_ssize_t sb, const char *nb) {
    if (get(oa, a, sa, na) < 0) return -1;
    if (get(ob, b, sb, nb) < 0) {
        PyBuffer_Release(a);
        return -1;
    }
    return 0;
}

static inline PyObject *new_bytes(Py_ssize_t n) { return PyByteArray_FromStringAndSize(NULL, n); }

/* Up to 8 byte sequences of 1-3 bytes: the separators that join tokens (tokens.c) and the
 * special-plate suffixes (plates.c), both passed in by the caller. */
typedef struct {
    const uint8_t *seq[8];
    Py_ssize_t len[8];
    int n;
} Seps;

/* Keys sorted with their values (in any order among equal keys) by insertion: a bucket's few. */
static inline void insert_by_key(uint64_t *key, uint64_t *val, Py_ssize_t n) {
    for (Py_ssize_t i = 1; i < n; i++) {
        uint64_t k = key[i], v = val[i];
        Py_ssize_t j = i;
        for (; j > 0 && key[j - 1] > k; j--) {
            key[j] = key[j - 1];
            val[j] = val[j - 1];
        }
        key[j] = k;
        val[j] = v;
    }
}

/* Buckets this small are sorted by insertion instead of another radix pass. */
#define BY_KEY_SMALL 32

/* Keys s[0..n) sorted, their values sv[0..n) carried along (in any order among equal keys);
 * the keys' bytes above byte p are all alike (7: any keys). d, dv: scratch of n; the result
 * is left in s, sv when to_s, else in d, dv. A radix sort from the top byte down (MSD):
 * hashes spread evenly, so after a pass or two the buckets hold a few keys each (sorted by
 * insertion, in the cache), where the eight passes of a sort from the bottom byte up each
 * move every key again (measured 35-45% less time for 5 K to 1 M keys with values; the
 * people graph's links, people.c, and the queries of search_u64, sorts.c). A digit every key
 * shares moves nothing (skipped), so keys alike in their top bytes cost passes, not depth;
 * the recursion is at most eight deep. Not stable: callers need no order among equal keys. */
static inline void sort_by_key(uint64_t *s, uint64_t *sv, uint64_t *d, uint64_t *dv,
                               Py_ssize_t n, int p, int to_s) {
    while (p >= 0 && n > BY_KEY_SMALL) {
        Py_ssize_t at[256] = {0};
        int shift = 8 * p;
        for (Py_ssize_t i = 0; i < n; i++) at[(s[i] >> shift) & 0xFF]++;
        if (at[(s[0] >> shift) & 0xFF] == n) {
            p--;
            continue;
        }
        Py_ssize_t start[257], sum = 0;
        for (int b = 0; b < 256; b++) {
            Py_ssize_t c = at[b];
            start[b] = at[b] = sum;
            sum += c;
        }
        start[256] = n;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_ssize_t to = at[(s[i] >> shift) & 0xFF]++;
            d[to] = s[i];
            dv[to] = sv[i];
        }
        for (int b = 0; b < 256; b++) {
            Py_ssize_t m = start[b + 1] - start[b];
            if (m)
                sort_by_key(d + start[b], dv + start[b], s + start[b], sv + start[b], m, p - 1,
                            !to_s);
        }
        return;
    }
    if (p >= 0) insert_by_key(s, sv, n);
    if (!to_s) {
        memcpy(d, s, sizeof(uint64_t) * (size_t)n);
        memcpy(dv, sv, sizeof(uint64_t) * (size_t)n);
    }
}

/* tokens.c: identifier candidates in text (tokens, their links, candidate bytes) */
void ck_tokens_init(void);
PyObject *ck_tokens(PyObject *self, PyObject *args);
PyObject *ck_tokens16(PyObject *self, PyObject *args);
PyObject *ck_gather(PyObject *self, PyObject *args);
PyObject *ck_windows(PyObject *self, PyObject *args);

/* validators.c: check digits and allocations of fixed-width identifiers */
PyObject *ck_mobile(PyObject *self, PyObject *args);
PyObject *ck_vin(PyObject *self, PyObject *args);
PyObject *ck_resident_id(PyObject *self, PyObject *args);
PyObject *ck_uscc(PyObject *self, PyObject *args);
PyObject *ck_card(PyObject *self, PyObject *args);

/* plates.c: licence plates after a province character */
PyObject *ck_plates(PyObject *self, PyObject *args);

/* distinct.c: value hashes and distinct values (string columns, the distinct counters) */
PyObject *ck_hash64(PyObject *self, PyObject *args);
PyObject *ck_distinct(PyObject *self, PyObject *args);
PyObject *ck_set_insert(PyObject *self, PyObject *args);

/* sorts.c: radix sorts of 64-bit keys, searches in sorted tables, sorted-set unions */
PyObject *ck_sort_u64(PyObject *self, PyObject *args);
PyObject *ck_order_u64(PyObject *self, PyObject *args);
PyObject *ck_search_u64(PyObject *self, PyObject *args);
PyObject *ck_walk_u64(PyObject *self, PyObject *args);
PyObject *ck_merge_unique(PyObject *self, PyObject *args);
PyObject *ck_union_u64(PyObject *self, PyObject *args);

/* people.c: the people graph's links and connected components */
PyObject *ck_sort_pairs(PyObject *self, PyObject *args);
PyObject *ck_merge_pairs(PyObject *self, PyObject *args);
PyObject *ck_components(PyObject *self, PyObject *args);

/* geo.c: GNSS tracks, coverage cells and the resolution sample */
PyObject *ck_previous_same_u64(PyObject *self, PyObject *args);
PyObject *ck_ascending_gaps(PyObject *self, PyObject *args);
PyObject *ck_cell_marks(PyObject *self, PyObject *args);
PyObject *ck_sample_candidates(PyObject *self, PyObject *args);
PyObject *ck_value_candidates(PyObject *self, PyObject *args);

#endif
