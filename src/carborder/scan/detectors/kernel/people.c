/* The people graph's links and its connected components (people._Graph, people.components).
 */

#include "kernel.h"

/* ------------------------------------------------------------------ people links
 * The people graph (people._Graph) keeps its links as canonical runs: pairs (lo, hi), lo != hi
 * and, for undirected links, lo < hi; distinct and in ascending (lo, hi) order. Kept links are
 * then merged with new ones instead of sorted again at every compaction, and their lo ends
 * are ascending, so the final count finds them by one walk (walk_u64, in sorts.c) instead of a
 * sort.
 *
 * sort_pairs(a uint64[n], b uint64[n], directed) -> (lo, hi): the canonical run of the links
 *   a[i]-b[i] (people._sorted_pairs). A radix sort on lo from its top byte down carries hi
 *   along (sort_by_key in kernel.h: pairs with the same lo end up adjacent); each run of one
 *   lo is then sorted by hi (insertion sort: a node has few links; qsort beyond 16) and
 *   repeats dropped. Scratch: two arrays of n beside the two outputs of n (the caller bounds
 *   n like the radix sorts, sketch.RADIX_MAX).
 * merge_pairs(lo1, hi1, lo2, hi2, directed) -> (lo, hi) or None: the canonical run of the
 *   union of two canonical runs in one pass (people._merged_pairs), each link picked without
 *   a branch; None when either run is not canonical (the caller sorts it first). */
static int cmp_u64(const void *p, const void *q) {
    uint64_t x = *(const uint64_t *)p, y = *(const uint64_t *)q;
    return (x > y) - (x < y);
}

/* (lo, hi) pairs of both arrays strictly ascending, no self-link, lo < hi unless directed */
static int pairs_canonical(const uint64_t *lo, const uint64_t *hi, Py_ssize_t n, int directed) {
    for (Py_ssize_t i = 0; i < n; i++) {
        if (lo[i] == hi[i] || (!directed && lo[i] > hi[i])) return 0;
        if (i && (lo[i - 1] > lo[i] || (lo[i - 1] == lo[i] && hi[i - 1] >= hi[i]))) return 0;
    }
    return 1;
}

static PyObject *pairs_out(PyObject *lo, PyObject *hi, Py_ssize_t k) {
    PyObject *out = NULL;
    if (PyByteArray_Resize(lo, k * 8) == 0 && PyByteArray_Resize(hi, k * 8) == 0)
        out = PyTuple_Pack(2, lo, hi);
    Py_DECREF(lo);
    Py_DECREF(hi);
    return out;
}

PyObject *ck_sort_pairs(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b;
    int directed;
    if (!PyArg_ParseTuple(args, "OOp", &o_a, &o_b, &directed)) return NULL;
    Py_buffer ba, bb;
    if (get2(o_a, &ba, 8, "a", o_b, &bb, 8, "b") < 0) return NULL;
    PyObject *out = NULL, *olo = NULL, *ohi = NULL;
    Py_ssize_t n = ba.len / 8, k = 0;
    size_t room = sizeof(uint64_t) * (size_t)(n ? n : 1);
    uint64_t *sl = NULL, *sh = NULL;
    if (bb.len != ba.len) {
        PyErr_SetString(PyExc_ValueError, "a and b differ in length");
        goto done;
    }
    if (!(olo = new_bytes(n * 8)) || !(ohi = new_bytes(n * 8))) goto done;
    if (!(sl = PyMem_Malloc(room)) || !(sh = PyMem_Malloc(room))) {
        PyErr_NoMemory();
        goto done;
    }
    {
        uint64_t *lo = (uint64_t *)PyByteArray_AS_STRING(olo);
        uint64_t *hi = (uint64_t *)PyByteArray_AS_STRING(ohi);
        const uint64_t *a = (const uint64_t *)ba.buf, *b = (const uint64_t *)bb.buf;
        Py_ssize_t m = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) {
            uint64_t x = a[i], y = b[i];
            if (x == y) continue;
            if (!directed && x > y) {
                uint64_t t = x;
                x = y;
                y = t;
            }
            lo[k] = x;
            hi[k++] = y;
        }
        sort_by_key(lo, hi, sl, sh, k, 7, 1);
        for (Py_ssize_t i = 0, j; i < k; i = j) {
            for (j = i + 1; j < k && lo[j] == lo[i]; j++) {
            }
            if (j - i > 16) {
                qsort(hi + i, (size_t)(j - i), sizeof(uint64_t), cmp_u64);
            } else {
                for (Py_ssize_t x = i + 1; x < j; x++) {
                    uint64_t v = hi[x];
                    Py_ssize_t y = x;
                    for (; y > i && hi[y - 1] > v; y--) hi[y] = hi[y - 1];
                    hi[y] = v;
                }
            }
        }
        for (Py_ssize_t i = 0; i < k; i++) {
            if (m && lo[m - 1] == lo[i] && hi[m - 1] == hi[i]) continue;
            lo[m] = lo[i];
            hi[m++] = hi[i];
        }
        Py_END_ALLOW_THREADS
        out = pairs_out(olo, ohi, m);
        olo = ohi = NULL;
    }
done:
    Py_XDECREF(olo);
    Py_XDECREF(ohi);
    PyMem_Free(sl);
    PyMem_Free(sh);
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    return out;
}

PyObject *ck_merge_pairs(PyObject *self, PyObject *args) {
    PyObject *o[4];
    int directed;
    if (!PyArg_ParseTuple(args, "OOOOp", &o[0], &o[1], &o[2], &o[3], &directed)) return NULL;
    Py_buffer b[4];
    if (get2(o[0], &b[0], 8, "lo1", o[1], &b[1], 8, "hi1") < 0) return NULL;
    if (get2(o[2], &b[2], 8, "lo2", o[3], &b[3], 8, "hi2") < 0) {
        PyBuffer_Release(&b[0]);
        PyBuffer_Release(&b[1]);
        return NULL;
    }
    PyObject *out = NULL, *olo = NULL, *ohi = NULL;
    const uint64_t *l1 = b[0].buf, *h1 = b[1].buf, *l2 = b[2].buf, *h2 = b[3].buf;
    Py_ssize_t n = b[0].len / 8, m = b[2].len / 8, k = 0;
    if (b[1].len != b[0].len || b[3].len != b[2].len) {
        PyErr_SetString(PyExc_ValueError, "lo and hi differ in length");
        goto done;
    }
    if (!pairs_canonical(l1, h1, n, directed) || !pairs_canonical(l2, h2, m, directed)) {
        out = Py_NewRef(Py_None);
        goto done;
    }
    if (!(olo = new_bytes((n + m) * 8)) || !(ohi = new_bytes((n + m) * 8))) goto done;
    {
        uint64_t *lo = (uint64_t *)PyByteArray_AS_STRING(olo);
        uint64_t *hi = (uint64_t *)PyByteArray_AS_STRING(ohi);
        Py_BEGIN_ALLOW_THREADS
        Py_ssize_t i = 0, j = 0;
        while (i < n && j < m) {
            /* the smaller head of both runs, picked by comparison results, not branches
             * (links interleave at random); both heads pass when they are one link */
            uint64_t a1 = l1[i], b1 = h1[i], a2 = l2[j], b2 = h2[j];
            int first = (a1 < a2) | ((a1 == a2) & (b1 < b2));
            int same = (a1 == a2) & (b1 == b2);
            lo[k] = first ? a1 : a2;
            hi[k++] = first ? b1 : b2;
            i += first | same;
            j += !first;
        }
        memcpy(lo + k, l1 + i, sizeof(uint64_t) * (size_t)(n - i));
        memcpy(hi + k, h1 + i, sizeof(uint64_t) * (size_t)(n - i));
        k += n - i;
        memcpy(lo + k, l2 + j, sizeof(uint64_t) * (size_t)(m - j));
        memcpy(hi + k, h2 + j, sizeof(uint64_t) * (size_t)(m - j));
        k += m - j;
        Py_END_ALLOW_THREADS
        out = pairs_out(olo, ohi, k);
        olo = ohi = NULL;
    }
done:
    Py_XDECREF(olo);
    Py_XDECREF(ohi);
    for (int q = 0; q < 4; q++) PyBuffer_Release(&b[q]);
    return out;
}

/* ------------------------------------------------------------------ components
 * components(ia int64[e], ib int64[e], n) -> int64[n]: the label of each of n nodes, the
 * smallest node index of its connected component under the edges ia[k]-ib[k] (people.
 * components, which propagates labels in numpy passes). Union-find whose root is always the
 * smallest index of its set: a larger root is hung under a smaller one, and path halving
 * only moves a node to an ancestor, so parent[x] <= x throughout and one ascending pass
 * reads every final label. */
static int64_t uf_find(int64_t *parent, int64_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

PyObject *ck_components(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "OOn", &o_a, &o_b, &n)) return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n must not be negative");
        return NULL;
    }
    Py_buffer ba, bb;
    if (get2(o_a, &ba, 8, "ia", o_b, &bb, 8, "ib") < 0) return NULL;
    PyObject *out = NULL;
    Py_ssize_t e = ba.len / 8;
    const int64_t *ia = (const int64_t *)ba.buf, *ib = (const int64_t *)bb.buf;
    if (bb.len != ba.len) {
        PyErr_SetString(PyExc_ValueError, "ia and ib differ in length");
        goto done;
    }
    for (Py_ssize_t k = 0; k < e; k++)
        if (ia[k] < 0 || ia[k] >= n || ib[k] < 0 || ib[k] >= n) {
            PyErr_SetString(PyExc_ValueError, "edge end outside the nodes");
            goto done;
        }
    if (!(out = new_bytes(n * 8))) goto done;
    {
        int64_t *parent = (int64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) parent[i] = i;
        for (Py_ssize_t k = 0; k < e; k++) {
            int64_t ra = uf_find(parent, ia[k]), rb = uf_find(parent, ib[k]);
            if (ra < rb)
                parent[rb] = ra;
            else if (rb < ra)
                parent[ra] = rb;
        }
        for (Py_ssize_t i = 0; i < n; i++) parent[i] = parent[parent[i]];
        Py_END_ALLOW_THREADS
    }
done:
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    return out;
}
