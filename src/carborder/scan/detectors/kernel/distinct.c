/* Hashes of values and distinct values: string values hashed for the sketches (hash64), a
 * string column's distinct values (distinct: dictionary encoding for the identifier scan) and
 * the exact distinct counters' hash set (set_insert). Twins: sketch._hash_dense,
 * arrowtools.distinct_codes (native=False), the distinct counters' sorted sets (sketch).
 */

#include "kernel.h"

/* ------------------------------------------------------------------ hashing
 * hash64(offs int64[n+1], data, max_bytes) -> uint64[n]: sketch._hash_dense per value. The
 * first min(len, max_bytes) bytes, zero-padded to whole little-endian 64-bit words, are mixed
 * FNV-style, then the full length, then the SplitMix64 finaliser. */
PyObject *ck_hash64(PyObject *self, PyObject *args) {
    PyObject *o_offs, *o_data;
    Py_ssize_t max_bytes;
    if (!PyArg_ParseTuple(args, "OOn", &o_offs, &o_data, &max_bytes)) return NULL;
    Py_buffer bo, bd;
    if (get2(o_offs, &bo, 8, "offs", o_data, &bd, 1, "data") < 0) return NULL;
    const int64_t *offs = (const int64_t *)bo.buf;
    const uint8_t *data = (const uint8_t *)bd.buf;
    Py_ssize_t n = bo.len / 8 - 1;
    PyObject *out = NULL;
    if (n < 0) n = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (offs[i] < 0 || offs[i] > offs[i + 1] || offs[i + 1] > bd.len) {
            PyErr_SetString(PyExc_ValueError, "offsets outside the data");
            goto done;
        }
    if (!(out = new_bytes(n * 8))) goto done;
    {
        uint64_t *h = (uint64_t *)PyByteArray_AS_STRING(out);
        const uint64_t prime = 0x100000001B3ULL;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) {
            const uint8_t *v = data + offs[i];
            int64_t len = offs[i + 1] - offs[i], used = len < max_bytes ? len : max_bytes;
            uint64_t x = 0xCBF29CE484222325ULL;
            int64_t k = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* whole words loaded at once: the same little-endian words as the loop below
             * builds byte by byte (2.3x faster on a batch of VINs) */
            for (; k + 8 <= used; k += 8) {
                uint64_t w;
                memcpy(&w, v + k, 8);
                x = (x ^ w) * prime;
            }
#endif
            for (; k < used; k += 8) {
                uint64_t w = 0;
                int64_t take = used - k < 8 ? used - k : 8;
                for (int64_t j = 0; j < take; j++) w |= (uint64_t)v[k + j] << (8 * j);
                x = (x ^ w) * prime;
            }
            x = (x ^ (uint64_t)len) * prime;
            x ^= x >> 30;
            x *= 0xBF58476D1CE4E5B9ULL;
            x ^= x >> 27;
            x *= 0x94D049BB133111EBULL;
            h[i] = x ^ (x >> 31);
        }
        Py_END_ALLOW_THREADS
    }
done:
    PyBuffer_Release(&bo);
    PyBuffer_Release(&bd);
    return out;
}

/* ------------------------------------------------------------------ string columns
 * distinct(offs int32[n+1], data, valid, bit_offset) -> (codes int64[n], first int64[m]):
 * pyarrow.compute.dictionary_encode of a string array, as the codes the identifier scan keeps
 * (arrowtools.distinct_codes with native=False is the twin). Each value gets the number of its
 * distinct value in order of first occurrence, a null (bit ``bit_offset + i`` of ``valid``
 * clear; ``valid`` None: no nulls) gets m; ``first`` holds the row of each distinct value's
 * first occurrence.
 * A value is found in an open-addressing table (linear probing, at least twice as many slots
 * as distinct values, grown fourfold) whose slots hold a hash tag and a distinct number: a
 * batch's table fits the core's cache, and equal tags are confirmed by comparing the bytes.
 * A slot has 32 bits for the distinct number: longer arrays are refused (the caller encodes
 * them with Arrow; a batch has a few hundred thousand rows). */
static inline uint64_t load8(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint64_t load4(const uint8_t *p) {
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* A value's hash for the table (any function of its bytes and length would number the values
 * the same: equal tags are confirmed by comparing the bytes). Two lanes of 8-byte words, 16
 * bytes a step, then the last 16 bytes (overlapping the words before): values of up to 32
 * bytes take no loop, and the reads never leave the value; shorter values are read as two
 * overlapping words (4-16 bytes) or byte by byte (under 4). */
static inline uint64_t bytes_hash(const uint8_t *v, int64_t len) {
    const uint64_t p0 = 0x9E3779B97F4A7C15ULL, p1 = 0xC2B2AE3D27D4EB4FULL;
    uint64_t x = 0xCBF29CE484222325ULL ^ (uint64_t)len, y = 0x165667B19E3779F9ULL;
    if (len > 16) {
        for (int64_t k = 0; k + 16 < len; k += 16) {
            x = (x ^ load8(v + k)) * p0;
            y = (y ^ load8(v + k + 8)) * p1;
        }
        x = (x ^ load8(v + len - 16)) * p0;
        y = (y ^ load8(v + len - 8)) * p1;
    } else if (len >= 8) {
        x = (x ^ load8(v)) * p0;
        y = (y ^ load8(v + len - 8)) * p1;
    } else if (len >= 4) {
        x = (x ^ load4(v)) * p0;
        y = (y ^ load4(v + len - 4)) * p1;
    } else {
        uint64_t w = 0;
        for (int64_t j = 0; j < len; j++) w |= (uint64_t)v[j] << (8 * j);
        x = (x ^ w) * p0;
    }
    x ^= y ^ (y >> 29);
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* Whether two values of the same length ``len`` hold the same bytes (words compared inline:
 * most comparisons are of a short value that repeats). */
static inline int same_bytes(const uint8_t *a, const uint8_t *b, int64_t len) {
    if (len < 8) return memcmp(a, b, (size_t)len) == 0;
    int64_t k = 0;
    for (; k + 8 <= len; k += 8)
        if (load8(a + k) != load8(b + k)) return 0;
    return k == len || load8(a + len - 8) == load8(b + len - 8);
}

PyObject *ck_distinct(PyObject *self, PyObject *args) {
    PyObject *o_offs, *o_data, *o_valid;
    Py_ssize_t bit0;
    if (!PyArg_ParseTuple(args, "OOOn", &o_offs, &o_data, &o_valid, &bit0)) return NULL;
    Py_buffer bo, bd, bv;
    int has_valid = o_valid != Py_None;
    if (get2(o_offs, &bo, 4, "offs", o_data, &bd, 1, "data") < 0) return NULL;
    if (has_valid && get(o_valid, &bv, 1, "valid") < 0) {
        PyBuffer_Release(&bo);
        PyBuffer_Release(&bd);
        return NULL;
    }
    const int32_t *offs = (const int32_t *)bo.buf;
    const uint8_t *data = (const uint8_t *)bd.buf;
    const uint8_t *valid = has_valid ? (const uint8_t *)bv.buf : NULL;
    Py_ssize_t n = bo.len / 4 - 1;
    PyObject *codes = NULL, *first = NULL, *out = NULL;
    uint64_t *slot = NULL, *hashes = NULL;
    int64_t *rows = NULL;
    size_t size = (size_t)1 << 12;
    Py_ssize_t m = 0;
    int failed = 0;
    if (n < 0) n = 0;
    if (n >= 0x7FFFFFFF) {
        PyErr_SetString(PyExc_ValueError, "too many values for one table");
        goto done;
    }
    if (bit0 < 0 || (has_valid && (bit0 + n + 7) / 8 > bv.len)) {
        PyErr_SetString(PyExc_ValueError, "validity bitmap too short");
        goto done;
    }
    {
        /* every offset checked without a branch per value (the compiler vectorises it) */
        int outside = 0;
        for (Py_ssize_t i = 0; i < n; i++)
            outside |= (offs[i] < 0) | (offs[i] > offs[i + 1]) | (offs[i + 1] > bd.len);
        if (outside) {
            PyErr_SetString(PyExc_ValueError, "offsets outside the data");
            goto done;
        }
    }
    if (!(codes = new_bytes(n * 8))) goto done;
    slot = PyMem_RawCalloc(size, sizeof(uint64_t));
    hashes = PyMem_RawMalloc(sizeof(uint64_t) * (n ? n : 1));
    rows = PyMem_RawMalloc(sizeof(int64_t) * (n ? n : 1));
    if (!slot || !hashes || !rows) {
        PyErr_NoMemory();
        goto done;
    }
    {
        int64_t *code = (int64_t *)PyByteArray_AS_STRING(codes);
        Py_BEGIN_ALLOW_THREADS
        size_t mask = size - 1;
        /* the hashes first (into the codes, overwritten below), so the probe loop can ask
         * for the slot of a value a few rows ahead */
        for (Py_ssize_t i = 0; i < n; i++)
            code[i] = (int64_t)bytes_hash(data + offs[i], offs[i + 1] - offs[i]);
        for (Py_ssize_t i = 0; i < n; i++) {
#if defined(__GNUC__)
            if (i + 8 < n) __builtin_prefetch(slot + ((size_t)code[i + 8] & mask));
#endif
            if (valid && !((valid[(bit0 + i) >> 3] >> ((bit0 + i) & 7)) & 1)) {
                code[i] = -1;
                continue;
            }
            const uint8_t *v = data + offs[i];
            int32_t len = offs[i + 1] - offs[i];
            uint64_t h = (uint64_t)code[i];
            /* slot: high 32 bits of the hash (the tag), then distinct number + 1 (0: empty) */
            uint64_t tag = h & 0xFFFFFFFF00000000ULL;
            size_t s = (size_t)h & mask;
            int64_t d = -1;
            for (;; s = (s + 1) & mask) {
                uint64_t e = slot[s];
                if (!e) break;
                if ((e & 0xFFFFFFFF00000000ULL) == tag) {
                    int64_t c = (int64_t)(e & 0xFFFFFFFFULL) - 1, r = rows[c];
                    if (offs[r + 1] - offs[r] == len && same_bytes(data + offs[r], v, len)) {
                        d = c;
                        break;
                    }
                }
            }
            if (d < 0) {
                d = m++;
                rows[d] = i;
                hashes[d] = h;
                slot[s] = tag | (uint64_t)(d + 1);
                if ((size_t)m * 2 > size) {
                    /* grow fourfold and put every distinct value in its new slot */
                    uint64_t *grown = PyMem_RawCalloc(size * 4, sizeof(uint64_t));
                    if (!grown) {
                        failed = 1;
                        break;
                    }
                    size *= 4;
                    mask = size - 1;
                    for (Py_ssize_t c = 0; c < m; c++) {
                        size_t t = (size_t)hashes[c] & mask;
                        while (grown[t]) t = (t + 1) & mask;
                        grown[t] = (hashes[c] & 0xFFFFFFFF00000000ULL) | (uint64_t)(c + 1);
                    }
                    PyMem_RawFree(slot);
                    slot = grown;
                }
            }
            code[i] = d;
        }
        if (!failed && valid)
            /* nulls (-1) become m, without a branch on each row (nulls fall anywhere) */
            for (Py_ssize_t i = 0; i < n; i++) code[i] += (int64_t)(code[i] < 0) * (m + 1);
        Py_END_ALLOW_THREADS
    }
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }
    if (!(first = new_bytes(m * 8))) goto done;
    memcpy(PyByteArray_AS_STRING(first), rows, sizeof(int64_t) * m);
    out = PyTuple_Pack(2, codes, first);
done:
    PyMem_RawFree(slot);
    PyMem_RawFree(hashes);
    PyMem_RawFree(rows);
    Py_XDECREF(codes);
    Py_XDECREF(first);
    PyBuffer_Release(&bo);
    PyBuffer_Release(&bd);
    if (has_valid) PyBuffer_Release(&bv);
    return out;
}

/* ------------------------------------------------------------------ hash sets (distinct counts)
 * set_insert(table uint64[cap] writable, keys uint64[n], filled) -> (inserted, zero_seen): adds
 * the non-zero keys to an open-addressing table holding ``filled`` keys (0 marks an empty slot;
 * cap a power of two, linear probing, slots chosen by a Fibonacci hash) and returns how many
 * were new, and whether a key 0 was among them (the caller keeps that one aside). A table that
 * could fill up (filled + n >= cap) is refused before anything is written, and a probe that
 * runs through the whole table (a wrong ``filled``) stops with an error instead of looping.
 * The distinct counters' twin (sketch._SortedSet) sorts and merges instead: here each key
 * costs one probe into the table (about 8 ns for a million distinct keys, slots prefetched a
 * few keys ahead), not its share of a sort and of every later merge. */
PyObject *ck_set_insert(PyObject *self, PyObject *args) {
    PyObject *o_table, *o_keys;
    Py_ssize_t filled;
    if (!PyArg_ParseTuple(args, "OOn", &o_table, &o_keys, &filled)) return NULL;
    Py_buffer bt, bk;
    if (PyObject_GetBuffer(o_table, &bt, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) return NULL;
    if (get(o_keys, &bk, 8, "keys") < 0) {
        PyBuffer_Release(&bt);
        return NULL;
    }
    PyObject *out = NULL;
    size_t cap = (size_t)(bt.len / 8);
    Py_ssize_t n = bk.len / 8;
    int bits = 0;
    while (bits < 62 && ((size_t)1 << bits) < cap) bits++;
    if (bt.len % 8 != 0 || cap < 2 || ((size_t)1 << bits) != cap) {
        PyErr_SetString(PyExc_ValueError, "set_insert: table size must be a power of two");
        goto done;
    }
    if (filled < 0 || (size_t)filled + (size_t)n >= cap) {
        PyErr_SetString(PyExc_ValueError, "set_insert: the table could fill up; grow it first");
        goto done;
    }
    {
        uint64_t *table = (uint64_t *)bt.buf;
        const uint64_t *keys = (const uint64_t *)bk.buf;
        size_t mask = cap - 1, inserted = 0;
        int zero = 0, full = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n && !full; i++) {
#if defined(__GNUC__)
            if (i + 16 < n)
                __builtin_prefetch(table + ((keys[i + 16] * 0x9E3779B97F4A7C15ULL) >> (64 - bits)),
                                   1);
#endif
            uint64_t x = keys[i];
            if (x == 0) {
                zero = 1;
                continue;
            }
            size_t s = (size_t)((x * 0x9E3779B97F4A7C15ULL) >> (64 - bits)), probes = 0;
            uint64_t t;
            while ((t = table[s]) != 0 && t != x) {
                s = (s + 1) & mask;
                if (++probes == cap) {
                    full = 1;
                    break;
                }
            }
            if (!full && t == 0) {
                table[s] = x;
                inserted++;
            }
        }
        Py_END_ALLOW_THREADS
        if (full)
            PyErr_SetString(PyExc_ValueError, "set_insert: the table is full (wrong count)");
        else
            out = Py_BuildValue("(nO)", (Py_ssize_t)inserted, zero ? Py_True : Py_False);
    }
done:
    PyBuffer_Release(&bt);
    PyBuffer_Release(&bk);
    return out;
}
