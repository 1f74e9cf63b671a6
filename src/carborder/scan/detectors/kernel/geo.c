/* GNSS tracks and positions: each point's predecessor on its track and the gaps to it, the
 * coverage cells of a box, and the candidates of the resolution sample (value hashes).
 * Twins: geo.tracks.previous_same / ascending_gaps, geo.measure.cell_marks /
 * sample_candidates / value_candidates.
 */

#include "kernel.h"

/* ------------------------------------------------------------------ track predecessors
 * previous_same_u64(keys uint64[n]) -> int64[n]: for each position, the last earlier position
 * holding the same key, -1 for none (geo.tracks.previous_same, whose numpy twin sorts by key).
 * One pass over an open-addressing table of positions (at least twice as many slots as keys,
 * linear probing, slots chosen by a Fibonacci hash of the key): each key's slot holds its
 * latest position, so a batch's track pairs need no sort. */
PyObject *ck_previous_same_u64(PyObject *self, PyObject *args) {
    PyObject *o_keys;
    if (!PyArg_ParseTuple(args, "O", &o_keys)) return NULL;
    Py_buffer bk;
    if (get(o_keys, &bk, 8, "keys") < 0) return NULL;
    Py_ssize_t n = bk.len / 8;
    int bits = 1;
    while (bits < 62 && ((Py_ssize_t)1 << bits) < 2 * n) bits++;
    size_t size = (size_t)1 << bits, mask = size - 1;
    PyObject *out = new_bytes(n * 8);
    int64_t *slot = PyMem_Malloc(sizeof(int64_t) * size);
    if (!out || !slot) {
        if (out) PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        const uint64_t *keys = (const uint64_t *)bk.buf;
        int64_t *prev = (int64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        memset(slot, 0xFF, sizeof(int64_t) * size); /* every slot -1: empty */
        for (Py_ssize_t i = 0; i < n; i++) {
#if defined(__GNUC__)
            /* the slots are read at random: ask for one a few keys ahead (about 25 % faster) */
            if (i + 16 < n)
                __builtin_prefetch(slot + ((keys[i + 16] * 0x9E3779B97F4A7C15ULL) >> (64 - bits)));
#endif
            uint64_t x = keys[i];
            size_t s = (size_t)((x * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
            int64_t j;
            while ((j = slot[s]) >= 0 && keys[j] != x) s = (s + 1) & mask;
            prev[i] = j;
            slot[s] = (int64_t)i;
        }
        Py_END_ALLOW_THREADS
    }
done:
    PyMem_Free(slot);
    PyBuffer_Release(&bk);
    return out;
}

/* ------------------------------------------------------------------ coverage cells
 * cell_marks(lat float64[n], lon float64[n], scale, lat0, lon0, height, width) -> bool[h*w]:
 * which cells of a height x width box of the 1/scale-degree grid hold a point (geo.measure.
 * cell_marks): a point's row is floor((lat + 90) * scale) - lat0, its column floor((lon + 180)
 * * scale) - lon0, with the same double operations as numpy. A point outside the box (or not
 * finite) is refused: the caller computed the box from the points' extremes. */
PyObject *ck_cell_marks(PyObject *self, PyObject *args) {
    PyObject *o_lat, *o_lon;
    double scale;
    long long lat0, lon0, height, width;
    if (!PyArg_ParseTuple(args, "OOdLLLL", &o_lat, &o_lon, &scale, &lat0, &lon0, &height, &width))
        return NULL;
    if (height < 0 || width < 0 || (width && height > PY_SSIZE_T_MAX / width)) {
        PyErr_SetString(PyExc_ValueError, "cell_marks: bad box");
        return NULL;
    }
    Py_buffer ba, bo;
    if (get2(o_lat, &ba, 8, "lat", o_lon, &bo, 8, "lon") < 0) return NULL;
    PyObject *out = NULL;
    Py_ssize_t n = ba.len / 8;
    if (bo.len != ba.len) {
        PyErr_SetString(PyExc_ValueError, "cell_marks: lat and lon differ in length");
        goto done;
    }
    if (!(out = new_bytes((Py_ssize_t)(height * width)))) goto done;
    {
        const double *lat = (const double *)ba.buf, *lon = (const double *)bo.buf;
        uint8_t *mark = (uint8_t *)PyByteArray_AS_STRING(out);
        const double y0 = (double)lat0, y1 = (double)(lat0 + height);
        const double x0 = (double)lon0, x1 = (double)(lon0 + width);
        Py_ssize_t bad = -1;
        Py_BEGIN_ALLOW_THREADS
        memset(mark, 0, (size_t)(height * width));
        for (Py_ssize_t i = 0; i < n; i++) {
            double y = (lat[i] + 90.0) * scale, x = (lon[i] + 180.0) * scale;
            /* floor(v) lies in [v0, v1) exactly when v does (v0, v1 integers); NaN fails */
            if (!(y >= y0 && y < y1 && x >= x0 && x < x1)) {
                bad = i;
                break;
            }
            int64_t r = (int64_t)y, c = (int64_t)x; /* truncation: floor for v >= 0 ... */
            r -= (double)r > y; /* ... and one less below zero when v is not whole */
            c -= (double)c > x;
            mark[(r - lat0) * width + (c - lon0)] = 1;
        }
        Py_END_ALLOW_THREADS
        if (bad >= 0) {
            PyErr_Format(PyExc_ValueError, "cell_marks: point %zd lies outside the box", bad);
            Py_CLEAR(out);
        }
    }
done:
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bo);
    return out;
}

/* ------------------------------------------------------------------ value samples
 * sample_candidates(values float64[n], enough) -> (uint64[m], float64[m]): the finite values
 * that may hold the smallest hashes, with their hashes, in order (geo.measure.
 * sample_candidates). A value's hash is its bits times 0x9E3779B97F4A7C15, xor-shifted by 29
 * (measure._value_hash). With more than `enough` finite values, only those whose hash is below
 * 2^52, 2^56 or 2^60 are kept (the first bound that keeps `enough`); else every finite value.
 * One pass hashes, counts and keeps those below 2^60; only "every finite value" needs a second. */
static inline uint64_t value_hash(double v) {
    uint64_t h;
    memcpy(&h, &v, 8);
    h *= 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* finite: the exponent bits are not all ones (those are the infinities and NaNs) */
static inline int finite_double(double v) {
    uint64_t b;
    memcpy(&b, &v, 8);
    return (b & 0x7FF0000000000000ULL) != 0x7FF0000000000000ULL;
}

PyObject *ck_sample_candidates(PyObject *self, PyObject *args) {
    PyObject *o_values;
    Py_ssize_t enough;
    if (!PyArg_ParseTuple(args, "On", &o_values, &enough)) return NULL;
    Py_buffer bv;
    if (get(o_values, &bv, 8, "values") < 0) return NULL;
    const double *v = (const double *)bv.buf;
    Py_ssize_t n = bv.len / 8, finite = 0, below[3] = {0, 0, 0}, m = 0, got = 0;
    PyObject *oh = NULL, *ov = NULL, *out = NULL;
    uint64_t limit = UINT64_MAX; /* keep every finite value */
    /* values below the widest bound, kept while counting: usually all the output */
    uint64_t *kh = PyMem_RawMalloc(sizeof(uint64_t) * (size_t)(n ? n : 1));
    double *kv = PyMem_RawMalloc(sizeof(double) * (size_t)(n ? n : 1));
    if (!kh || !kv) {
        PyErr_NoMemory();
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!finite_double(v[i])) continue;
        uint64_t h = value_hash(v[i]);
        finite++;
        below[0] += h < (1ULL << 52);
        below[1] += h < (1ULL << 56);
        if (h < (1ULL << 60)) {
            below[2]++;
            kh[got] = h;
            kv[got++] = v[i];
        }
    }
    Py_END_ALLOW_THREADS
    if (finite > enough)
        for (int b = 0; b < 3; b++)
            if (below[b] >= enough) {
                limit = 1ULL << (52 + 4 * b);
                m = below[b];
                break;
            }
    if (limit == UINT64_MAX) m = finite;
    if (!(oh = new_bytes(m * 8)) || !(ov = new_bytes(m * 8))) goto done;
    {
        uint64_t *hs = (uint64_t *)PyByteArray_AS_STRING(oh);
        double *vs = (double *)PyByteArray_AS_STRING(ov);
        Py_ssize_t at = 0;
        Py_BEGIN_ALLOW_THREADS
        if (limit != UINT64_MAX) {
            for (Py_ssize_t i = 0; i < got; i++)
                if (kh[i] < limit) {
                    hs[at] = kh[i];
                    vs[at++] = kv[i];
                }
        } else {
            for (Py_ssize_t i = 0; i < n && at < m; i++) {
                if (!finite_double(v[i])) continue;
                hs[at] = value_hash(v[i]);
                vs[at++] = v[i];
            }
        }
        Py_END_ALLOW_THREADS
    }
    out = PyTuple_Pack(2, oh, ov);
done:
    PyMem_RawFree(kh);
    PyMem_RawFree(kv);
    Py_XDECREF(oh);
    Py_XDECREF(ov);
    PyBuffer_Release(&bv);
    return out;
}

/* ------------------------------------------------------------------ track gaps
 * ascending_gaps(keys uint64[n], t float64[n], has_key bool[n] or None) -> (ascend, gaps
 * float64[m]): each position's last earlier position of its key (as previous_same_u64), and
 * whether every such pair's times ascend (t[j] <= t[i]; a NaN fails, as numpy's comparison
 * does). When they do, the positive gaps t[i] - t[j] of the pairs whose later point has a key
 * and both times are finite, in position order (geo.tracks.ascending_gaps; numpy twin: the
 * previous_same twin and array passes). Stops at the first pair that goes back (gaps empty).
 * A slot holds a position (low 32 bits) and a 32-bit fingerprint of its key (high bits), so
 * an occupied slot of another key is passed over without reading that key (a cache miss);
 * positions need fewer than 2^32 - 1 points (refused otherwise). */
PyObject *ck_ascending_gaps(PyObject *self, PyObject *args) {
    PyObject *o_keys, *o_t, *o_has;
    if (!PyArg_ParseTuple(args, "OOO", &o_keys, &o_t, &o_has)) return NULL;
    Py_buffer bk, bt, bh;
    int have_h = o_has != Py_None;
    if (get2(o_keys, &bk, 8, "keys", o_t, &bt, 8, "t") < 0) return NULL;
    if (have_h && get(o_has, &bh, 1, "has_key") < 0) {
        PyBuffer_Release(&bk);
        PyBuffer_Release(&bt);
        return NULL;
    }
    Py_ssize_t n = bk.len / 8, m = 0;
    PyObject *out = NULL, *gaps = NULL;
    uint64_t *slot = NULL;
    int ascend = 1;
    if (bt.len != bk.len || (have_h && bh.len != n)) {
        PyErr_SetString(PyExc_ValueError, "ascending_gaps: arrays differ in length");
        goto done;
    }
    if ((uint64_t)n >= 0xFFFFFFFFULL) {
        PyErr_SetString(PyExc_ValueError, "ascending_gaps: too many points");
        goto done;
    }
    int bits = 1;
    while (bits < 62 && ((Py_ssize_t)1 << bits) < 2 * n) bits++;
    size_t size = (size_t)1 << bits, mask = size - 1;
    if (!(gaps = new_bytes(n * 8))) goto done;
    if (!(slot = PyMem_Malloc(sizeof(uint64_t) * size))) {
        PyErr_NoMemory();
        goto done;
    }
    {
        const uint64_t *keys = (const uint64_t *)bk.buf;
        const double *t = (const double *)bt.buf;
        const uint8_t *has = have_h ? (const uint8_t *)bh.buf : NULL;
        double *g = (double *)PyByteArray_AS_STRING(gaps);
        const uint64_t EMPTY = UINT64_MAX; /* position 2^32 - 1: never a point */
        Py_BEGIN_ALLOW_THREADS
        memset(slot, 0xFF, sizeof(uint64_t) * size);
        for (Py_ssize_t i = 0; i < n; i++) {
#if defined(__GNUC__)
            if (i + 16 < n)
                __builtin_prefetch(slot + ((keys[i + 16] * 0x9E3779B97F4A7C15ULL) >> (64 - bits)));
#endif
            uint64_t x = keys[i];
            uint64_t fp = (x ^ (x >> 32)) << 32;
            size_t s = (size_t)((x * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
            uint64_t e;
            int64_t j = -1;
            while ((e = slot[s]) != EMPTY) {
                if ((e & 0xFFFFFFFF00000000ULL) == fp && keys[e & 0xFFFFFFFFULL] == x) {
                    j = (int64_t)(e & 0xFFFFFFFFULL);
                    break;
                }
                s = (s + 1) & mask;
            }
            slot[s] = fp | (uint64_t)i;
            if (j < 0) continue;
            double t0 = t[j], t1 = t[i];
            if (!(t0 <= t1)) {
                ascend = 0;
                break;
            }
            if (has && !has[i]) continue;
            double d = t1 - t0;
            /* finite times: t0 <= t1 leaves out NaN; an infinity makes d infinite or NaN */
            if (d > 0 && finite_double(t0) && finite_double(t1)) g[m++] = d;
        }
        Py_END_ALLOW_THREADS
    }
    if (!ascend) m = 0;
    if (PyByteArray_Resize(gaps, m * 8) < 0) goto done;
    out = Py_BuildValue("(OO)", ascend ? Py_True : Py_False, gaps);
done:
    PyMem_Free(slot);
    Py_XDECREF(gaps);
    PyBuffer_Release(&bk);
    PyBuffer_Release(&bt);
    if (have_h) PyBuffer_Release(&bh);
    return out;
}

/* value_candidates(a float64[n], b float64[m], enough) -> (uint64[c], float64[c]): the finite
 * values of a, then of b, that may hold the smallest hashes (value_hash), with their hashes,
 * in that order (geo.measure.value_candidates; numpy twin: one histogram of the top 12 hash
 * bits of a and b together). With more than `enough` finite values, those whose hash lies
 * below the smallest multiple of 2^52, up to 2^60, that keeps at least `enough` of them;
 * otherwise (or if 2^60 keeps fewer) every finite value. Two arrays, so coordinates need not
 * be concatenated; one pass hashes, counts and keeps what lies below 2^60 (in buffers that
 * grow as needed: about 1/16 of the values), a second pass only for "every finite value". */
static int keep_grow(uint64_t **kh, double **kv, Py_ssize_t *cap) {
    Py_ssize_t c = *cap ? *cap * 2 : 4096;
    uint64_t *h = PyMem_RawRealloc(*kh, sizeof(uint64_t) * (size_t)c);
    if (!h) return -1;
    *kh = h;
    double *v = PyMem_RawRealloc(*kv, sizeof(double) * (size_t)c);
    if (!v) return -1;
    *kv = v;
    *cap = c;
    return 0;
}

PyObject *ck_value_candidates(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b;
    Py_ssize_t enough;
    if (!PyArg_ParseTuple(args, "OOn", &o_a, &o_b, &enough)) return NULL;
    Py_buffer ba, bb;
    if (get2(o_a, &ba, 8, "a", o_b, &bb, 8, "b") < 0) return NULL;
    const double *src[2] = {(const double *)ba.buf, (const double *)bb.buf};
    Py_ssize_t len[2] = {ba.len / 8, bb.len / 8};
    Py_ssize_t finite = 0, got = 0, cap = 0, m = 0, hist[256];
    uint64_t *kh = NULL, *hs;
    double *kv = NULL, *vs;
    PyObject *oh = NULL, *ov = NULL, *out = NULL;
    uint64_t limit = UINT64_MAX; /* every finite value */
    int nomem = 0;
    memset(hist, 0, sizeof hist);
    Py_BEGIN_ALLOW_THREADS
    for (int a = 0; a < 2 && !nomem; a++)
        for (Py_ssize_t i = 0; i < len[a]; i++) {
            double x = src[a][i];
            if (!finite_double(x)) continue;
            uint64_t h = value_hash(x);
            finite++;
            if (h < (1ULL << 60)) {
                hist[h >> 52]++;
                if (got == cap && keep_grow(&kh, &kv, &cap) < 0) {
                    nomem = 1;
                    break;
                }
                kh[got] = h;
                kv[got++] = x;
            }
        }
    Py_END_ALLOW_THREADS
    if (nomem) {
        PyErr_NoMemory();
        goto done;
    }
    if (finite > enough) {
        Py_ssize_t below = 0;
        for (int b = 0; b < 256; b++) {
            below += hist[b];
            if (below >= enough) {
                limit = (uint64_t)(b + 1) << 52;
                m = below;
                break;
            }
        }
    }
    if (limit == UINT64_MAX) m = finite;
    if (!(oh = new_bytes(m * 8)) || !(ov = new_bytes(m * 8))) goto done;
    hs = (uint64_t *)PyByteArray_AS_STRING(oh);
    vs = (double *)PyByteArray_AS_STRING(ov);
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t at = 0;
    if (limit != UINT64_MAX) {
        for (Py_ssize_t i = 0; i < got; i++)
            if (kh[i] < limit) {
                hs[at] = kh[i];
                vs[at++] = kv[i];
            }
    } else {
        for (int a = 0; a < 2; a++)
            for (Py_ssize_t i = 0; i < len[a] && at < m; i++) {
                double x = src[a][i];
                if (!finite_double(x)) continue;
                hs[at] = value_hash(x);
                vs[at++] = x;
            }
    }
    Py_END_ALLOW_THREADS
    out = PyTuple_Pack(2, oh, ov);
done:
    PyMem_RawFree(kh);
    PyMem_RawFree(kv);
    Py_XDECREF(oh);
    Py_XDECREF(ov);
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    return out;
}
