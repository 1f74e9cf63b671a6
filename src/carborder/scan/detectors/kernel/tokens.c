/* Identifier candidates in text: tokens (runs of ASCII letters and digits) and the separators
 * that join them, byte by byte or 16 bytes at a time, and the bytes of candidates found on
 * them (gather, windows). Twins: candidates.tokenize, candidates._links, candidates.windows.
 */

#include "kernel.h"

/* classes of the bytes tokens are made of (CLASS, filled once by ck_tokens_init) */
#define K_DIGIT 1
#define K_UPPER 2
#define K_LOWER 4
#define K_ALNUM 7

static uint8_t CLASS[256];

/* ------------------------------------------------------------------ separators
 * A gap of 1-3 bytes between two tokens joins them when it is one separator character:
 * space or '-', or one of the multi-byte separators (middle dot, katakana middle dot,
 * ideographic space, full-width hyphen-minus, bullet) passed in by the caller. Every byte of
 * the gap must be a separator byte (see candidates._links). The bytes around a gap are
 * ASCII letters or digits, so a multi-byte separator covering a gap byte lies inside it. */
static int gap_links(const uint8_t *g, Py_ssize_t n, const Seps *seps) {
    int mark[3] = {0, 0, 0};
    for (Py_ssize_t i = 0; i < n; i++) {
        if (g[i] == ' ' || g[i] == '-') mark[i] = 1;
        for (int s = 0; s < seps->n; s++) {
            Py_ssize_t L = seps->len[s];
            if (i + L <= n && memcmp(g + i, seps->seq[s], (size_t)L) == 0)
                for (Py_ssize_t k = 0; k < L; k++) mark[i + k] = 1;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (!mark[i]) return 0;
    uint8_t lead = g[0];
    return n == 1 || (n == 2 && lead >= 0xC0 && lead < 0xE0) || (n == 3 && lead >= 0xE0);
}

/* ------------------------------------------------------------------ tokens
 * tokens(offs int64[n+1], data uint8[m], seps tuple[bytes]) ->
 *   (start, end, value, digits, upper, run_at: int64[t], link: bool[t-1 or 0])
 * Tokens are maximal runs of ASCII letters and digits inside one value. run_at is the
 * position of the token's digits when they form one run, else -1. */
/* What both tokenisers (tokens, tokens16) take, checked: the offsets inside the data, at most
 * 8 separators of 1-3 bytes. tokens_open releases what it got when it fails. */
typedef struct {
    Py_buffer bo, bd;
    const int64_t *offs;
    const uint8_t *data;
    Py_ssize_t nv, m;
    Seps seps;
} TokenArgs;

static int tokens_open(PyObject *args, TokenArgs *a) {
    PyObject *o_offs, *o_data, *o_seps;
    if (!PyArg_ParseTuple(args, "OOO!", &o_offs, &o_data, &PyTuple_Type, &o_seps)) return -1;
    a->seps.n = (int)PyTuple_GET_SIZE(o_seps);
    if (a->seps.n > 8) {
        PyErr_SetString(PyExc_ValueError, "at most 8 separators");
        return -1;
    }
    for (int s = 0; s < a->seps.n; s++) {
        PyObject *b = PyTuple_GET_ITEM(o_seps, s);
        if (!PyBytes_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "separators are bytes");
            return -1;
        }
        a->seps.seq[s] = (const uint8_t *)PyBytes_AS_STRING(b);
        a->seps.len[s] = PyBytes_GET_SIZE(b);
        if (a->seps.len[s] < 1 || a->seps.len[s] > 3) {
            PyErr_SetString(PyExc_ValueError, "separators are 1-3 bytes");
            return -1;
        }
    }
    if (get2(o_offs, &a->bo, 8, "offs", o_data, &a->bd, 1, "data") < 0) return -1;
    a->offs = (const int64_t *)a->bo.buf;
    a->data = (const uint8_t *)a->bd.buf;
    a->nv = a->bo.len / 8 - 1;
    a->m = a->bd.len;
    for (Py_ssize_t i = 0; i < a->nv; i++) {
        if (a->offs[i] < 0 || a->offs[i] > a->offs[i + 1] || a->offs[i + 1] > a->m) {
            PyErr_SetString(PyExc_ValueError, "offsets outside the data");
            PyBuffer_Release(&a->bo);
            PyBuffer_Release(&a->bd);
            return -1;
        }
    }
    return 0;
}

/* The seven output arrays of t tokens, and where each is written. */
typedef struct {
    PyObject *arr[7];
    int64_t *start, *end, *value, *digits, *upper, *run_at;
    uint8_t *link;
} TokenOut;

static int tokens_alloc(TokenOut *o, Py_ssize_t t) {
    for (int k = 0; k < 7; k++) o->arr[k] = NULL;
    for (int k = 0; k < 6; k++)
        if (!(o->arr[k] = new_bytes(t * 8))) return -1;
    if (!(o->arr[6] = new_bytes(t > 1 ? t - 1 : 0))) return -1;
    int64_t **col[6] = {&o->start, &o->end, &o->value, &o->digits, &o->upper, &o->run_at};
    for (int k = 0; k < 6; k++) *col[k] = (int64_t *)PyByteArray_AS_STRING(o->arr[k]);
    o->link = (uint8_t *)PyByteArray_AS_STRING(o->arr[6]);
    return 0;
}

/* Token k: bytes [s, e) of value i; linked to token k-1 when that one is in the same value and
 * the gap between them is one separator (see gap_links). */
static inline void token_put(TokenOut *o, const TokenArgs *a, Py_ssize_t k, int64_t s, int64_t e,
                             Py_ssize_t i, int64_t digits, int64_t up, int64_t runs, int64_t at) {
    o->start[k] = s;
    o->end[k] = e;
    o->value[k] = i;
    o->digits[k] = digits;
    o->upper[k] = up;
    o->run_at[k] = runs == 1 ? at : -1;
    if (k > 0) {
        int64_t g = o->end[k - 1], n = s - g;
        o->link[k - 1] = o->value[k - 1] == i && n >= 1 && n <= 3 &&
                         gap_links(a->data + g, (Py_ssize_t)n, &a->seps);
    }
}

/* The output tuple (its arrays moved in), or NULL; in both cases ``o`` holds nothing after. */
static PyObject *tokens_close(TokenOut *o, TokenArgs *a, int ok) {
    PyObject *out = ok ? PyTuple_New(7) : NULL;
    if (out)
        for (int k = 0; k < 7; k++) {
            PyTuple_SET_ITEM(out, k, o->arr[k]);
            o->arr[k] = NULL;
        }
    for (int k = 0; k < 7; k++) Py_CLEAR(o->arr[k]);
    PyBuffer_Release(&a->bo);
    PyBuffer_Release(&a->bd);
    return out;
}

PyObject *ck_tokens(PyObject *self, PyObject *args) {
    TokenArgs in;
    if (tokens_open(args, &in) < 0) return NULL;
    const int64_t *offs = in.offs;
    const uint8_t *data = in.data;
    Py_ssize_t nv = in.nv;
    TokenOut o;
    /* pass 1: count tokens */
    Py_ssize_t t = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < nv; i++) {
        int prev = 0;
        for (int64_t p = offs[i]; p < offs[i + 1]; p++) {
            int alnum = (CLASS[data[p]] & K_ALNUM) != 0;
            t += alnum && !prev;
            prev = alnum;
        }
    }
    Py_END_ALLOW_THREADS
    if (tokens_alloc(&o, t) < 0) return tokens_close(&o, &in, 0);
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < nv; i++) {
        int64_t p = offs[i], e = offs[i + 1];
        while (p < e) {
            if (!(CLASS[data[p]] & K_ALNUM)) {
                p++;
                continue;
            }
            int64_t s = p, digits = 0, up = 0, runs = 0, at = -1;
            int prev_digit = 0;
            while (p < e) {
                uint8_t c = CLASS[data[p]];
                if (!(c & K_ALNUM)) break;
                int d = (c & K_DIGIT) != 0;
                if (d && !prev_digit) {
                    if (runs == 0) at = p;
                    runs++;
                }
                digits += d;
                up += (c & K_UPPER) != 0;
                prev_digit = d;
                p++;
            }
            token_put(&o, &in, k++, s, p, i, digits, up, runs, at);
        }
    }
    Py_END_ALLOW_THREADS
    return tokens_close(&o, &in, 1);
}

/* gather(data uint8[m], at int64[n], skip, width) -> uint8[n*width]
 * From each position, skip `skip` letters/digits, then copy the next `width` of them
 * (separators between tokens are left out): the normalised bytes of each candidate. */
PyObject *ck_gather(PyObject *self, PyObject *args) {
    PyObject *o_data, *o_at;
    Py_ssize_t skip, width;
    if (!PyArg_ParseTuple(args, "OOnn", &o_data, &o_at, &skip, &width)) return NULL;
    if (skip < 0 || width < 0) return PyErr_Format(PyExc_ValueError, "negative width");
    Py_buffer bd, ba;
    if (get2(o_data, &bd, 1, "data", o_at, &ba, 8, "at") < 0) return NULL;
    const uint8_t *data = (const uint8_t *)bd.buf;
    const int64_t *at = (const int64_t *)ba.buf;
    Py_ssize_t n = ba.len / 8, m = bd.len;
    PyObject *out = new_bytes(n * width);
    int bad = 0;
    if (out) {
        uint8_t *o = (uint8_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n && !bad; i++) {
            int64_t p = at[i];
            if (p < 0) {
                bad = 1;
                break;
            }
            Py_ssize_t want = skip + width, got = 0;
            for (; p < m && got < want; p++) {
                if (CLASS[data[p]] & K_ALNUM) {
                    if (got >= skip) o[i * width + got - skip] = data[p];
                    got++;
                }
            }
            if (got < want) bad = 1;
        }
        Py_END_ALLOW_THREADS
        if (bad) {
            Py_CLEAR(out);
            PyErr_SetString(PyExc_ValueError, "a candidate runs past the data");
        }
    }
    PyBuffer_Release(&bd);
    PyBuffer_Release(&ba);
    return out;
}

/* tokens16(offs int64[n+1], data uint8[m], seps tuple[bytes]) -> what tokens() returns, the
 * same arrays (candidates.tokenize; its numpy twin is the specification). Text is mostly
 * bytes that are no letter or digit (Chinese characters, punctuation): they are passed over 16
 * at a time with SSE2 compares, and tokens are counted from the same 16-bit masks, so the
 * byte-by-byte work is only inside tokens (tokens() walks every byte twice). Without SSE2
 * it is tokens(). */
#if defined(__GNUC__)
static inline int ctz32(uint32_t x) { return __builtin_ctz(x); } /* x != 0 */
#else
static inline int ctz32(uint32_t x) {
    int n = 0;
    while (!(x & 1)) x >>= 1, n++;
    return n;
}
#endif
/* Bits set in x, counted in registers: the portable build has no popcnt instruction, and
 * __builtin_popcount then calls libgcc's table-driven function, a call per mask */
static inline int popcount32(uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (int)((x * 0x01010101u) >> 24);
}

#if defined(__SSE2__)
#include <emmintrin.h>
static inline uint32_t alnum_mask16(const uint8_t *p) {
    __m128i x = _mm_loadu_si128((const __m128i *)p);
    /* signed compares: bytes from 0x80 are negative, below every range here */
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x2F)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8(0x3A)));
    /* setting bit 0x20 maps A-Z onto a-z and nothing else into a-z */
    __m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x60)),
                                   _mm_cmplt_epi8(y, _mm_set1_epi8(0x7B)));
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(digit, letter));
}
/* Digits, upper-case letters and lower-case letters among 16 bytes, as bit masks. */
static inline void class_masks16(const uint8_t *p, uint32_t *digit, uint32_t *up, uint32_t *low) {
    __m128i x = _mm_loadu_si128((const __m128i *)p);
    *digit = (uint32_t)_mm_movemask_epi8(_mm_and_si128(
        _mm_cmpgt_epi8(x, _mm_set1_epi8(0x2F)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x3A))));
    *up = (uint32_t)_mm_movemask_epi8(_mm_and_si128(
        _mm_cmpgt_epi8(x, _mm_set1_epi8(0x40)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x5B))));
    *low = (uint32_t)_mm_movemask_epi8(_mm_and_si128(
        _mm_cmpgt_epi8(x, _mm_set1_epi8(0x60)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7B))));
}
/* The first letter or digit at or after p, or hi. */
static inline int64_t next_alnum(const uint8_t *data, int64_t p, int64_t hi) {
    for (; p + 16 <= hi; p += 16) {
        uint32_t a = alnum_mask16(data + p);
        if (a) return p + ctz32(a);
    }
    while (p < hi && !(CLASS[data[p]] & K_ALNUM)) p++;
    return p;
}

PyObject *ck_tokens16(PyObject *self, PyObject *args) {
    TokenArgs in;
    if (tokens_open(args, &in) < 0) return NULL;
    const int64_t *offs = in.offs;
    const uint8_t *data = in.data;
    Py_ssize_t nv = in.nv, m = in.m, t = 0;
    TokenOut o;
    int bad = 0;
    int64_t lo = nv > 0 ? offs[0] : 0, hi = nv > 0 ? offs[nv] : 0;
    /* pass 1: count tokens. A token starts at a letter or digit after none, or at the start
     * of a value glued to a letter or digit of the value before. */
    Py_BEGIN_ALLOW_THREADS
    uint32_t carry = 0;
    int64_t p = lo;
    for (; p + 16 <= hi; p += 16) {
        uint32_t a = alnum_mask16(data + p);
        t += popcount32(a & ~((a << 1) | carry));
        carry = (a >> 15) & 1;
    }
    for (; p < hi; p++) {
        uint32_t a = (CLASS[data[p]] & K_ALNUM) != 0;
        t += a && !carry;
        carry = a;
    }
    for (Py_ssize_t i = 1; i < nv; i++) {
        int64_t v = offs[i];
        if (v > lo && v < offs[i + 1] && (CLASS[data[v]] & K_ALNUM) && (CLASS[data[v - 1]] & K_ALNUM))
            t++;
    }
    Py_END_ALLOW_THREADS
    if (tokens_alloc(&o, t) < 0) return tokens_close(&o, &in, 0);
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t k = 0, i = 0;
    int64_t q = lo;
    while ((q = next_alnum(data, q, hi)) < hi) {
        while (offs[i + 1] <= q) i++; /* the value holding q */
        int64_t e = offs[i + 1], s = q, digits = 0, up = 0, runs = 0, at = -1;
        int prev_digit = 0;
        /* 16 bytes at a time while they are in the buffer: the token's length, digits,
         * upper-case letters and digit runs from bit masks */
        while (q + 16 <= m && q < e) {
            uint32_t dm, um, lm;
            class_masks16(data + q, &dm, &um, &lm);
            uint32_t am = dm | um | lm;
            int64_t len = ctz32(~am | 0x10000u);
            if (len > e - q) len = e - q;
            uint32_t keep = (uint32_t)((1u << len) - 1);
            dm &= keep;
            uint32_t starts = dm & ~((dm << 1) | (uint32_t)prev_digit);
            if (starts && runs == 0) at = q + ctz32(starts);
            runs += popcount32(starts);
            digits += popcount32(dm);
            up += popcount32(um & keep);
            prev_digit = len > 0 && ((dm >> (len - 1)) & 1);
            q += len;
            if (len < 16) break;
        }
        while (q < e) {
            uint8_t c = CLASS[data[q]];
            if (!(c & K_ALNUM)) break;
            int d = (c & K_DIGIT) != 0;
            if (d && !prev_digit) {
                if (runs == 0) at = q;
                runs++;
            }
            digits += d;
            up += (c & K_UPPER) != 0;
            prev_digit = d;
            q++;
        }
        if (k == t) { /* more tokens than counted: never, but never written past either */
            bad = 1;
            break;
        }
        token_put(&o, &in, k++, s, q, i, digits, up, runs, at);
    }
    bad |= k != t;
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_RuntimeError, "tokens16: tokens counted and found differ");
        return tokens_close(&o, &in, 0);
    }
    return tokens_close(&o, &in, 1);
}
#else
/* without SSE2 (not x86-64) the byte-by-byte tokens are the fastest this file has */
PyObject *ck_tokens16(PyObject *self, PyObject *args) { return ck_tokens(self, args); }
#endif

/* windows(data uint8[m], at int64[n], width) -> uint8[n*width]
 * The `width` bytes from each position, back to back: the bytes of candidates written
 * without separators (numpy's sliding_window_view(data, width)[at], one copy a row instead
 * of an index walk). A position whose window leaves the data is an error. */
PyObject *ck_windows(PyObject *self, PyObject *args) {
    PyObject *o_data, *o_at;
    Py_ssize_t width;
    if (!PyArg_ParseTuple(args, "OOn", &o_data, &o_at, &width)) return NULL;
    if (width < 0) return PyErr_Format(PyExc_ValueError, "negative width");
    Py_buffer bd, ba;
    if (get2(o_data, &bd, 1, "data", o_at, &ba, 8, "at") < 0) return NULL;
    const uint8_t *data = (const uint8_t *)bd.buf;
    const int64_t *at = (const int64_t *)ba.buf;
    Py_ssize_t n = ba.len / 8, m = bd.len;
    PyObject *out = new_bytes(n * width);
    int bad = 0;
    if (out) {
        uint8_t *o = (uint8_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        if (width >= 8) {
            /* whole words, then the window's last eight bytes (overlapping the words before):
             * identifiers are 9-19 bytes, and a memcpy call per window costs more than it copies */
            for (Py_ssize_t i = 0; i < n; i++) {
                int64_t p = at[i];
                if (p < 0 || p > m - width) {
                    bad = 1;
                    break;
                }
#if defined(__GNUC__)
                /* candidates lie far apart in text the validators' tables have pushed out
                 * of the cache: ask for a window a few rows ahead (a hint, never a fault) */
                if (i + 16 < n) __builtin_prefetch(data + at[i + 16]);
#endif
                const uint8_t *src = data + p;
                uint8_t *dst = o + i * width;
                Py_ssize_t k = 0;
                for (; k + 8 <= width; k += 8) memcpy(dst + k, src + k, 8);
                if (k < width) memcpy(dst + width - 8, src + width - 8, 8);
            }
        } else {
            for (Py_ssize_t i = 0; i < n; i++) {
                int64_t p = at[i];
                if (p < 0 || p > m - width) {
                    bad = 1;
                    break;
                }
                memcpy(o + i * width, data + p, (size_t)width);
            }
        }
        Py_END_ALLOW_THREADS
        if (bad) {
            Py_CLEAR(out);
            PyErr_SetString(PyExc_ValueError, "a window runs past the data");
        }
    }
    PyBuffer_Release(&bd);
    PyBuffer_Release(&ba);
    return out;
}

/* The byte classes, filled when the module is created (before any function can run). */
void ck_tokens_init(void) {
    for (int c = '0'; c <= '9'; c++) CLASS[c] = K_DIGIT;
    for (int c = 'A'; c <= 'Z'; c++) CLASS[c] = K_UPPER;
    for (int c = 'a'; c <= 'z'; c++) CLASS[c] = K_LOWER;
}
