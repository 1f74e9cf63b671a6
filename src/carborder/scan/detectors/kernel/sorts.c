/* Sorted 64-bit keys: LSD radix sorts and stable orders, positions in a sorted table, and
 * unions of sorted sets (the people graph's node sets, the distinct counters' sorted sets).
 * Twins: numpy's sort, stable argsort and searchsorted (sketch.sort_u64, sketch.order_u64,
 * people._search), sketch.union_sorted.
 */

#include "kernel.h"

/* ------------------------------------------------------------------ ordering
 * LSD radix sorts of 64-bit keys over 8-bit digits: the eight histograms are counted in one
 * pass, and a digit every key shares is skipped (a pass that would move nothing). 256 buckets
 * keep every pass's write streams in the cache; 16-bit digits (65536 streams) measured about
 * 4x slower on millions of keys, and numpy's comparison sort about 3-4x slower.
 *
 * sort_u64(keys uint64[n]) -> uint64[n]: the keys ascending (numpy's np.sort).
 * order_u64(keys uint64[n]) -> int64[n]: the stable argsort of the keys (numpy's
 * argsort(kind="stable"); see sketch.order_u64). */

/* counts[p][d] of an LSD radix sort over 8-bit digits: keys whose digit p is d */
typedef Py_ssize_t Digits[8][256];

/* turns counts of digit p into starting offsets; 0 when every key has the same digit */
static inline int radix_offsets(Py_ssize_t *count, Py_ssize_t n) {
    Py_ssize_t sum = 0;
    for (int d = 0; d < 256; d++) {
        if (count[d] == n) return 0;
        Py_ssize_t c = count[d];
        count[d] = sum;
        sum += c;
    }
    return 1;
}

/* counts[p][d]: keys whose digit p is d; returns 0 when out of memory */
static Digits *histograms(const uint64_t *k, Py_ssize_t n) {
    Digits *c = PyMem_Calloc(1, sizeof(Digits));
    if (!c) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t x = k[i];
        for (int p = 0; p < 8; p++) (*c)[p][(x >> (8 * p)) & 0xFF]++;
    }
    return c;
}

/* The eight passes over counted digits (c: histograms of the n keys in s): keys move between s
 * and d, a pass every key shares a digit of skipped; returns the buffer holding them sorted. */
static uint64_t *radix_passes(Digits *c, uint64_t *s, uint64_t *d, Py_ssize_t n) {
    for (int p = 0; p < 8; p++) {
        Py_ssize_t *at = (*c)[p];
        if (n == 0 || !radix_offsets(at, n)) continue;
        int shift = 8 * p;
        for (Py_ssize_t i = 0; i < n; i++) {
            uint64_t x = s[i];
            d[at[(x >> shift) & 0xFF]++] = x;
        }
        uint64_t *t = s;
        s = d;
        d = t;
    }
    return s;
}

PyObject *ck_sort_u64(PyObject *self, PyObject *args) {
    PyObject *o_keys;
    if (!PyArg_ParseTuple(args, "O", &o_keys)) return NULL;
    Py_buffer bk;
    if (get(o_keys, &bk, 8, "keys") < 0) return NULL;
    Py_ssize_t n = bk.len / 8;
    PyObject *out = new_bytes(n * 8);
    uint64_t *tmp = PyMem_Malloc(sizeof(uint64_t) * (size_t)(n ? n : 1));
    Digits *c = NULL;
    if (!out || !tmp || !(c = histograms((const uint64_t *)bk.buf, n))) {
        if (out) PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        uint64_t *o = (uint64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        memcpy(o, bk.buf, sizeof(uint64_t) * (size_t)n);
        uint64_t *s = radix_passes(c, o, tmp, n);
        if (s != o) memcpy(o, s, sizeof(uint64_t) * (size_t)n);
        Py_END_ALLOW_THREADS
    }
done:
    PyMem_Free(tmp);
    PyMem_Free(c);
    PyBuffer_Release(&bk);
    return out;
}

/* The stable order of keys[0..n) into idx, and the keys in that order into ks (both of n);
 * kb is scratch of n. Runs without the GIL; c holds the keys' digit histograms. */
static void radix_order(const uint64_t *keys, Py_ssize_t n, Digits *c, int64_t *idx,
                        uint64_t *ks, uint64_t *kb, int64_t *ib) {
    memcpy(ks, keys, sizeof(uint64_t) * (size_t)n);
    for (Py_ssize_t i = 0; i < n; i++) idx[i] = i;
    uint64_t *s = ks, *d = kb;
    int64_t *is = idx, *id = ib;
    for (int p = 0; p < 8; p++) {
        Py_ssize_t *at = (*c)[p];
        if (n == 0 || !radix_offsets(at, n)) continue;
        int shift = 8 * p;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_ssize_t to = at[(s[i] >> shift) & 0xFF]++;
            d[to] = s[i];
            id[to] = is[i];
        }
        uint64_t *kt = s;
        s = d;
        d = kt;
        int64_t *it = is;
        is = id;
        id = it;
    }
    if (is != idx) memcpy(idx, is, sizeof(int64_t) * (size_t)n);
    if (s != ks) memcpy(ks, s, sizeof(uint64_t) * (size_t)n);
}

PyObject *ck_order_u64(PyObject *self, PyObject *args) {
    PyObject *o_keys;
    if (!PyArg_ParseTuple(args, "O", &o_keys)) return NULL;
    Py_buffer bk;
    if (get(o_keys, &bk, 8, "keys") < 0) return NULL;
    Py_ssize_t n = bk.len / 8;
    PyObject *out = new_bytes(n * 8);
    size_t room = sizeof(uint64_t) * (size_t)(n ? n : 1);
    uint64_t *ka = PyMem_Malloc(room), *kb = PyMem_Malloc(room);
    int64_t *ib = PyMem_Malloc(room);
    Digits *c = NULL;
    if (!out || !ka || !kb || !ib || !(c = histograms((const uint64_t *)bk.buf, n))) {
        if (out) PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        int64_t *ia = (int64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        radix_order((const uint64_t *)bk.buf, n, c, ia, ka, kb, ib);
        Py_END_ALLOW_THREADS
    }
done:
    PyMem_Free(ka);
    PyMem_Free(kb);
    PyMem_Free(ib);
    PyMem_Free(c);
    PyBuffer_Release(&bk);
    return out;
}

/* search_u64(table uint64[n] ascending, x uint64[m]) -> int64[m]: np.searchsorted(table, x),
 * side "left". Binary searches in random order miss the cache at every probe of a large
 * table; here the queries are put in order (sort_by_key in kernel.h, their indices carried)
 * and the table is walked once beside them, then the positions go back to the queries'
 * order. */
PyObject *ck_search_u64(PyObject *self, PyObject *args) {
    PyObject *o_t, *o_x;
    if (!PyArg_ParseTuple(args, "OO", &o_t, &o_x)) return NULL;
    Py_buffer bt, bx;
    if (get2(o_t, &bt, 8, "table", o_x, &bx, 8, "x") < 0) return NULL;
    const uint64_t *t = (const uint64_t *)bt.buf;
    Py_ssize_t n = bt.len / 8, m = bx.len / 8;
    PyObject *out = NULL;
    uint64_t *ka = NULL, *kb = NULL;
    int64_t *ia = NULL, *ib = NULL;
    int sorted = 1;
    for (Py_ssize_t i = 1; i < n && sorted; i++) sorted = t[i - 1] <= t[i];
    if (!sorted) {
        PyErr_SetString(PyExc_ValueError, "search_u64: the table must be ascending");
        goto done;
    }
    size_t room = sizeof(uint64_t) * (size_t)(m ? m : 1);
    if (!(out = new_bytes(m * 8))) goto done;
    if (!(ka = PyMem_Malloc(room)) || !(kb = PyMem_Malloc(room)) || !(ia = PyMem_Malloc(room)) ||
        !(ib = PyMem_Malloc(room))) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        int64_t *pos = (int64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        memcpy(ka, bx.buf, sizeof(uint64_t) * (size_t)m);
        for (Py_ssize_t i = 0; i < m; i++) ia[i] = i;
        sort_by_key(ka, (uint64_t *)ia, kb, (uint64_t *)ib, m, 7, 1);
        Py_ssize_t j = 0;
        for (Py_ssize_t i = 0; i < m; i++) {
            while (j < n && t[j] < ka[i]) j++;
            pos[ia[i]] = j;
        }
        Py_END_ALLOW_THREADS
    }
done:
    PyMem_Free(ka);
    PyMem_Free(kb);
    PyMem_Free(ia);
    PyMem_Free(ib);
    PyBuffer_Release(&bt);
    PyBuffer_Release(&bx);
    return out;
}

/* ------------------------------------------------------------------ sorted sets
 * merge_run: the distinct values of two ascending runs a[0..n) and b[0..m) into o, ascending;
 * returns how many. Each value is picked by comparison results, not branches: hashes
 * interleave at random, and a branch per value is mispredicted half the time (the merge
 * measured about twice as fast). Equal values are dropped against the last one written
 * (made unequal to the first value beforehand), so repeats inside either run go too. */
static Py_ssize_t merge_run(const uint64_t *a, Py_ssize_t n, const uint64_t *b, Py_ssize_t m,
                            uint64_t *o) {
    uint64_t first = n && m ? (a[0] < b[0] ? a[0] : b[0]) : (n ? a[0] : (m ? b[0] : 0));
    uint64_t last = first ^ 1;
    Py_ssize_t i = 0, j = 0, k = 0;
    while (i < n && j < m) {
        uint64_t x = a[i], y = b[j], v = x < y ? x : y;
        i += x <= y;
        j += y <= x;
        o[k] = v;
        k += v != last;
        last = v;
    }
    for (; i < n; i++) {
        o[k] = a[i];
        k += a[i] != last;
        last = a[i];
    }
    for (; j < m; j++) {
        o[k] = b[j];
        k += b[j] != last;
        last = b[j];
    }
    return k;
}

/* merge_unique(a uint64[n], b uint64[m]) -> uint64[k]: the distinct values of a and b, both
 * ascending, in ascending order (sketch.union_sorted: a stable sort of the two runs, then
 * neighbours compared). One pass (merge_run), no sort: sorted sets grow by merging. */
PyObject *ck_merge_unique(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b;
    if (!PyArg_ParseTuple(args, "OO", &o_a, &o_b)) return NULL;
    Py_buffer ba, bb;
    if (get2(o_a, &ba, 8, "a", o_b, &bb, 8, "b") < 0) return NULL;
    const uint64_t *a = (const uint64_t *)ba.buf, *b = (const uint64_t *)bb.buf;
    Py_ssize_t n = ba.len / 8, m = bb.len / 8, k = 0;
    PyObject *out = NULL;
    int sorted = 1;
    for (Py_ssize_t i = 1; i < n && sorted; i++) sorted = a[i - 1] <= a[i];
    for (Py_ssize_t j = 1; j < m && sorted; j++) sorted = b[j - 1] <= b[j];
    if (!sorted) {
        PyErr_SetString(PyExc_ValueError, "merge_unique: inputs must be ascending");
        goto done;
    }
    if (!(out = new_bytes((n + m) * 8))) goto done;
    {
        uint64_t *o = (uint64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        k = merge_run(a, n, b, m, o);
        Py_END_ALLOW_THREADS
    }
    if (PyByteArray_Resize(out, k * 8) < 0) Py_CLEAR(out);
done:
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    return out;
}

/* walk_u64(table uint64[n] ascending, x uint64[m]) -> int64[m] or None: np.searchsorted(table,
 * x) when x is ascending, by one walk of the table beside x; None when x is not (the caller
 * searches otherwise: search_u64). The people graph's kept links have ascending lo ends, so
 * its final count finds them this way instead of by a sort (see people.c). */
PyObject *ck_walk_u64(PyObject *self, PyObject *args) {
    PyObject *o_t, *o_x;
    if (!PyArg_ParseTuple(args, "OO", &o_t, &o_x)) return NULL;
    Py_buffer bt, bx;
    if (get2(o_t, &bt, 8, "table", o_x, &bx, 8, "x") < 0) return NULL;
    const uint64_t *t = (const uint64_t *)bt.buf, *x = (const uint64_t *)bx.buf;
    Py_ssize_t n = bt.len / 8, m = bx.len / 8;
    PyObject *out = NULL;
    int sorted = 1;
    for (Py_ssize_t i = 1; i < m && sorted; i++) sorted = x[i - 1] <= x[i];
    if (!sorted) {
        out = Py_NewRef(Py_None);
        goto done;
    }
    for (Py_ssize_t i = 1; i < n && sorted; i++) sorted = t[i - 1] <= t[i];
    if (!sorted) {
        PyErr_SetString(PyExc_ValueError, "walk_u64: the table must be ascending");
        goto done;
    }
    if (!(out = new_bytes(m * 8))) goto done;
    {
        int64_t *pos = (int64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        Py_ssize_t j = 0;
        for (Py_ssize_t i = 0; i < m; i++) {
            while (j < n && t[j] < x[i]) j++;
            pos[i] = j;
        }
        Py_END_ALLOW_THREADS
    }
done:
    PyBuffer_Release(&bt);
    PyBuffer_Release(&bx);
    return out;
}

/* union_u64(big uint64[n], parts sequence of uint64 arrays) -> uint64[k] or None: the distinct
 *   values of big and every part, ascending (sketch.union_sorted), when big is a sorted set
 *   (strictly ascending; None otherwise: the caller puts it among the parts). The parts are
 *   copied once into a radix sort (no concatenation beforehand), unless they are ascending
 *   already, one after the other (the caller sorted them: then they are merged as they are),
 *   and the merge with big picks each value by comparison results, not branches (merge_run).
 *   Scratch: two arrays of the parts' total length (callers bound it like the radix sorts,
 *   sketch.RADIX_MAX), beside the output; none for one ascending part. */
PyObject *ck_union_u64(PyObject *self, PyObject *args) {
    PyObject *o_big, *o_parts;
    if (!PyArg_ParseTuple(args, "OO", &o_big, &o_parts)) return NULL;
    PyObject *seq = PySequence_Fast(o_parts, "parts must be a sequence of arrays");
    if (!seq) return NULL;
    Py_ssize_t np = PySequence_Fast_GET_SIZE(seq), got = 0, n = 0, m = 0, k = 0;
    Py_buffer bb, *pb = PyMem_Calloc((size_t)(np ? np : 1), sizeof(Py_buffer));
    PyObject *out = NULL;
    uint64_t *buf = NULL, *tmp = NULL;
    Digits *c = NULL;
    int have_big = 0;
    if (!pb) {
        PyErr_NoMemory();
        goto done;
    }
    if (get(o_big, &bb, 8, "big") < 0) goto done;
    have_big = 1;
    for (; got < np; got++) {
        if (get(PySequence_Fast_GET_ITEM(seq, got), &pb[got], 8, "part") < 0) goto done;
        m += pb[got].len / 8;
    }
    const uint64_t *a = (const uint64_t *)bb.buf;
    n = bb.len / 8;
    for (Py_ssize_t i = 1; i < n; i++)
        if (a[i - 1] >= a[i]) {
            out = Py_NewRef(Py_None);
            goto done;
        }
    /* the parts ascending one after the other (the scan stops at the first descent) */
    int ascending = 1;
    uint64_t prev = 0;
    for (Py_ssize_t q = 0; q < np && ascending; q++) {
        const uint64_t *p = (const uint64_t *)pb[q].buf;
        for (Py_ssize_t i = 0, len = pb[q].len / 8; i < len && ascending; i++) {
            ascending = p[i] >= prev;
            prev = p[i];
        }
    }
    int whole = ascending && np == 1; /* merged from the part itself, no copy */
    size_t room = sizeof(uint64_t) * (size_t)(m && !whole ? m : 1);
    if (!(out = new_bytes((n + m) * 8))) goto done;
    if (!(buf = PyMem_Malloc(room)) || !(tmp = PyMem_Malloc(ascending ? 1 : room)) ||
        !(c = PyMem_RawCalloc(1, sizeof(Digits)))) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        uint64_t *o = (uint64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        const uint64_t *s = whole ? (const uint64_t *)pb[0].buf : buf;
        if (ascending && !whole) {
            Py_ssize_t at = 0;
            for (Py_ssize_t q = 0; q < np; q++) {
                memcpy(buf + at, pb[q].buf, (size_t)pb[q].len);
                at += pb[q].len / 8;
            }
        } else if (!ascending) {
            Py_ssize_t at = 0;
            for (Py_ssize_t q = 0; q < np; q++) {
                const uint64_t *p = (const uint64_t *)pb[q].buf;
                Py_ssize_t len = pb[q].len / 8;
                for (Py_ssize_t i = 0; i < len; i++) {
                    uint64_t x = p[i];
                    buf[at++] = x;
                    for (int d = 0; d < 8; d++) (*c)[d][(x >> (8 * d)) & 0xFF]++;
                }
            }
            s = radix_passes(c, buf, tmp, m);
        }
        k = merge_run(a, n, s, m, o);
        Py_END_ALLOW_THREADS
    }
    if (PyByteArray_Resize(out, k * 8) < 0) Py_CLEAR(out);
done:
    PyMem_Free(buf);
    PyMem_Free(tmp);
    PyMem_RawFree(c);
    for (Py_ssize_t q = 0; q < got; q++) PyBuffer_Release(&pb[q]);
    PyMem_Free(pb);
    if (have_big) PyBuffer_Release(&bb);
    Py_DECREF(seq);
    return out;
}
