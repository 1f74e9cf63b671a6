/* Native kernel of the candidate extractor and the fixed-width validators.
 *
 * Every function here has a numpy twin in candidates.py / validators.py that defines what it
 * computes; this file only makes it one pass over the bytes instead of many array passes.
 * Property tests compare both on generated input, so the twin is the specification.
 *
 * No tables live here: mobile allocations, GB/T 2260 codes, issuer ranges and check-digit
 * constants come from the Python side (cited data files) on every call. Inputs are
 * C-contiguous buffers (numpy arrays, bytes); outputs are bytearrays that Python views with
 * numpy.frombuffer (writable, no copy).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* SHA-256 of this file, passed in by the build (setup.py): the Python loader compares it with
 * the source it ships and runs the numpy twins instead of a kernel built from other source. */
#ifndef KERNEL_SOURCE_SHA256
#define KERNEL_SOURCE_SHA256 ""
#endif

#define K_DIGIT 1
#define K_UPPER 2
#define K_LOWER 4
#define K_ALNUM 7

static uint8_t CLASS[256];

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static uint8_t upper(uint8_t c) { return (c >= 'a' && c <= 'z') ? (uint8_t)(c - 32) : c; }

/* A buffer argument, checked for its item size and (optionally) writability. */
static int get(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, const char *what) {
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
static int get2(PyObject *oa, Py_buffer *a, Py_ssize_t sa, const char *na, PyObject *ob,
                Py_buffer *b, Py_ssize_t sb, const char *nb) {
    if (get(oa, a, sa, na) < 0) return -1;
    if (get(ob, b, sb, nb) < 0) {
        PyBuffer_Release(a);
        return -1;
    }
    return 0;
}

static PyObject *new_bytes(Py_ssize_t n) { return PyByteArray_FromStringAndSize(NULL, n); }

/* ------------------------------------------------------------------ separators
 * A gap of 1-3 bytes between two tokens joins them when it is one separator character:
 * space or '-', or one of the multi-byte separators (middle dot, katakana middle dot,
 * ideographic space, full-width hyphen-minus, bullet) passed in by the caller. Every byte of
 * the gap must be a separator byte (see candidates._links). The bytes around a gap are
 * ASCII letters or digits, so a multi-byte separator covering a gap byte lies inside it. */
typedef struct {
    const uint8_t *seq[8];
    Py_ssize_t len[8];
    int n;
} Seps;

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

static PyObject *k_tokens(PyObject *self, PyObject *args) {
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
static PyObject *k_gather(PyObject *self, PyObject *args) {
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

/* ------------------------------------------------------------------ validators
 * Each takes an n x width byte matrix (C order) and returns a bool[n] mask. */

typedef struct {
    Py_buffer mat;
    Py_ssize_t n, width;
    PyObject *out;
    uint8_t *ok;
} Rows;

static int rows_open(Rows *r, PyObject *o_mat, Py_ssize_t width) {
    r->out = NULL;
    if (width <= 0) {
        PyErr_SetString(PyExc_ValueError, "width must be positive");
        return -1;
    }
    if (get(o_mat, &r->mat, width, "matrix") < 0) return -1;
    r->width = width;
    r->n = r->mat.len / width;
    if (!(r->out = new_bytes(r->n))) {
        PyBuffer_Release(&r->mat);
        return -1;
    }
    r->ok = (uint8_t *)PyByteArray_AS_STRING(r->out);
    return 0;
}

static PyObject *rows_close(Rows *r) {
    PyBuffer_Release(&r->mat);
    return r->out;
}

/* A validator's lookup table and its rows: the table must be exactly `len` bytes of
 * `itemsize`-byte items (else ValueError `wrong`). On success the caller releases the table
 * (PyBuffer_Release) and closes the rows (rows_close). */
static int table_rows_open(PyObject *o_tab, Py_ssize_t itemsize, Py_ssize_t len, const char *name,
                           const char *wrong, PyObject *o_mat, Py_ssize_t width, Py_buffer *bt,
                           Rows *r) {
    if (get(o_tab, bt, itemsize, name) < 0) return -1;
    if (bt->len != len) {
        PyBuffer_Release(bt);
        PyErr_SetString(PyExc_ValueError, wrong);
        return -1;
    }
    if (rows_open(r, o_mat, width) < 0) {
        PyBuffer_Release(bt);
        return -1;
    }
    return 0;
}

/* `n` lookup tables: table k must be `count[k]` items of `size[k]` bytes (else ValueError).
 * On success the caller releases all `n`; on failure none is held. */
static int get_tables(PyObject *const o[], Py_buffer b[], const Py_ssize_t size[],
                      const Py_ssize_t count[], int n) {
    for (int k = 0; k < n; k++) {
        if (get(o[k], &b[k], size[k], "table") < 0 || b[k].len != size[k] * count[k]) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "table of the wrong size");
                PyBuffer_Release(&b[k]);
            }
            for (int j = 0; j < k; j++) PyBuffer_Release(&b[j]);
            return -1;
        }
    }
    return 0;
}

/* One check over 18-byte rows (resident IDs, USCCs): `row_ok(row, params)` per row, without
 * the GIL; the `n` tables in `b` are released whatever happens. */
static PyObject *check_rows18(PyObject *o_mat, int (*row_ok)(const uint8_t *, const void *),
                              const void *params, Py_buffer b[], int n) {
    Rows r;
    PyObject *res = NULL;
    if (rows_open(&r, o_mat, 18) == 0) {
        const uint8_t *mat = (const uint8_t *)r.mat.buf;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < r.n; i++) r.ok[i] = (uint8_t)row_ok(mat + i * 18, params);
        Py_END_ALLOW_THREADS
        res = rows_close(&r);
    }
    for (int k = 0; k < n; k++) PyBuffer_Release(&b[k]);
    return res;
}

/* All `width` bytes are ASCII digits; then `*prefix` is the number their first `n` spell. */
static inline int digits_with_prefix(const uint8_t *row, Py_ssize_t width, int n, long *prefix) {
    int ok = 1;
    for (Py_ssize_t k = 0; k < width; k++) ok &= is_digit(row[k]);
    if (!ok) return 0;
    long v = 0;
    for (int k = 0; k < n; k++) v = v * 10 + (row[k] - '0');
    *prefix = v;
    return 1;
}

/* mobile(mat, 11, table bool[100000]): all digits and the first five in an allocated block */
static PyObject *k_mobile(PyObject *self, PyObject *args) {
    PyObject *o_mat, *o_tab;
    Py_ssize_t width;
    if (!PyArg_ParseTuple(args, "OnO", &o_mat, &width, &o_tab)) return NULL;
    if (width < 5) return PyErr_Format(PyExc_ValueError, "a mobile has 5+ digits");
    Py_buffer bt;
    Rows r;
    if (table_rows_open(o_tab, 1, 100000, "table", "mobile table has 100000 entries", o_mat, width,
                        &bt, &r) < 0)
        return NULL;
    const uint8_t *tab = (const uint8_t *)bt.buf, *mat = (const uint8_t *)r.mat.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < r.n; i++) {
        long block;
        r.ok[i] = (uint8_t)(digits_with_prefix(mat + i * width, width, 5, &block) && tab[block]);
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bt);
    return rows_close(&r);
}

/* vin(mat, 17, lut uint32[17*256], check bytes[11]): per-position table sums (see
 * validators._vin_lut: bits 0-10 weighted sum, 11-15 letters, 16+ rule breaks) */
static PyObject *k_vin(PyObject *self, PyObject *args) {
    PyObject *o_mat, *o_lut;
    const char *check;
    Py_ssize_t width, nc;
    if (!PyArg_ParseTuple(args, "OnOy#", &o_mat, &width, &o_lut, &check, &nc)) return NULL;
    if (nc != 11 || width != 17) return PyErr_Format(PyExc_ValueError, "VIN: 17 wide, 11 checks");
    Py_buffer bl;
    Rows r;
    if (table_rows_open(o_lut, 4, 17 * 256 * 4, "lut", "VIN table is 17 x 256", o_mat, width, &bl,
                        &r) < 0)
        return NULL;
    const uint32_t *lut = (const uint32_t *)bl.buf;
    const uint8_t *mat = (const uint8_t *)r.mat.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < r.n; i++) {
        const uint8_t *row = mat + i * 17;
        uint32_t acc = 0;
        for (int k = 0; k < 17; k++) acc += lut[k * 256 + row[k]];
        r.ok[i] = (acc >> 16) == 0 && ((acc >> 11) & 0x1F) >= 2 &&
                  upper(row[8]) == (uint8_t)check[(acc & 0x7FF) % 11];
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bl);
    return rows_close(&r);
}

/* resident_id(mat, 18, first int16[1e6], last int16[1e6], weights int64[17], check bytes[11],
 *             days int64[13], today yyyymmdd, at_birth_since, min_year, check_digit) */
typedef struct {
    const int16_t *first, *last;
    const int64_t *weights, *days;
    const uint8_t *check;
    long today, since, min_year;
    int check_digit;
} IdParams;

static int id_row(const uint8_t *row, const IdParams *p) {
    for (int k = 0; k < 17; k++)
        if (!is_digit(row[k])) return 0;
    uint8_t last = row[17] == 'x' ? 'X' : row[17];
    if (p->check_digit) {
        int64_t s = 0;
        for (int k = 0; k < 17; k++) s += (row[k] - '0') * p->weights[k];
        if (last != p->check[s % 11]) return 0;
    } else if (!(is_digit(last) || last == 'X')) {
        return 0;
    }
    long region = 0;
    for (int k = 0; k < 6; k++) region = region * 10 + (row[k] - '0');
    long year = (row[6] - '0') * 1000 + (row[7] - '0') * 100 + (row[8] - '0') * 10 + (row[9] - '0');
    long first = p->first[region];
    if (!(first > 0 && year <= p->last[region])) return 0;
    if (!(year < p->since || year >= first)) return 0;
    long month = (row[10] - '0') * 10 + (row[11] - '0');
    long day = (row[12] - '0') * 10 + (row[13] - '0');
    int leap = (year % 4 == 0) && ((year % 100 != 0) || (year % 400 == 0));
    long dim = p->days[month > 12 ? 12 : month] - (month == 2 && !leap);
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= dim && year >= p->min_year)) return 0;
    return (year * 100 + month) * 100 + day <= p->today;
}

typedef struct {
    const int64_t *values; /* 256 entries, -1 outside the alphabet */
    const int64_t *weights;
    const uint8_t *alphabet; /* 31 */
    const int16_t *first;
} UsccParams;

static int uscc_row(const uint8_t *row, const UsccParams *p) {
    for (int k = 0; k < 8; k++)
        if (!is_digit(row[k])) return 0;
    int64_t s = 0;
    for (int k = 0; k < 18; k++) {
        int64_t v = p->values[row[k]];
        if (k >= 8 && v < 0) return 0;
        if (k < 17) s += (v > 0 ? v : 0) * p->weights[k];
    }
    if (row[17] != p->alphabet[(31 - s % 31) % 31]) return 0;
    long region = 0;
    for (int k = 2; k < 8; k++) region = region * 10 + (row[k] - '0');
    return p->first[region] > 0;
}

static int id_row_ok(const uint8_t *row, const void *p) {
    return id_row(row, (const IdParams *)p);
}

static int id_params(PyObject *args, Py_buffer b[5], IdParams *p, PyObject **o_mat) {
    PyObject *o[5];
    const char *check;
    Py_ssize_t nc;
    if (!PyArg_ParseTuple(args, "OOOOy#Olllp", o_mat, &o[0], &o[1], &o[2], &check, &nc, &o[3],
                          &p->today, &p->since, &p->min_year, &p->check_digit))
        return -1;
    if (nc != 11) {
        PyErr_SetString(PyExc_ValueError, "11 check characters");
        return -1;
    }
    const Py_ssize_t size[4] = {2, 2, 8, 8}, count[4] = {1000000, 1000000, 17, 13};
    if (get_tables(o, b, size, count, 4) < 0) return -1;
    p->first = (const int16_t *)b[0].buf;
    p->last = (const int16_t *)b[1].buf;
    p->weights = (const int64_t *)b[2].buf;
    p->days = (const int64_t *)b[3].buf;
    p->check = (const uint8_t *)check;
    return 0;
}

static PyObject *k_resident_id(PyObject *self, PyObject *args) {
    Py_buffer b[5];
    IdParams p;
    PyObject *o_mat;
    if (id_params(args, b, &p, &o_mat) < 0) return NULL;
    return check_rows18(o_mat, id_row_ok, &p, b, 4);
}

static int uscc_row_ok(const uint8_t *row, const void *p) {
    return uscc_row(row, (const UsccParams *)p);
}

/* uscc(mat, 18, values int64[256], weights int64[17], alphabet bytes[31], first int16[1e6]) */
static PyObject *k_uscc(PyObject *self, PyObject *args) {
    PyObject *o_mat, *o[3];
    const char *alpha;
    Py_ssize_t na;
    if (!PyArg_ParseTuple(args, "OOOy#O", &o_mat, &o[0], &o[1], &alpha, &na, &o[2])) return NULL;
    if (na != 31) return PyErr_Format(PyExc_ValueError, "31 characters");
    Py_buffer b[3];
    const Py_ssize_t size[3] = {8, 8, 2}, count[3] = {256, 17, 1000000};
    if (get_tables(o, b, size, count, 3) < 0) return NULL;
    UsccParams p = {(const int64_t *)b[0].buf, (const int64_t *)b[1].buf,
                    (const uint8_t *)alpha, (const int16_t *)b[2].buf};
    return check_rows18(o_mat, uscc_row_ok, &p, b, 3);
}

/* card(mat, width, table bool[1e6]): all digits, issuer range on the first six, Luhn */
static PyObject *k_card(PyObject *self, PyObject *args) {
    PyObject *o_mat, *o_tab;
    Py_ssize_t width;
    if (!PyArg_ParseTuple(args, "OnO", &o_mat, &width, &o_tab)) return NULL;
    if (width < 6) return PyErr_Format(PyExc_ValueError, "a card has 6+ digits");
    Py_buffer bt;
    Rows r;
    if (table_rows_open(o_tab, 1, 1000000, "table", "issuer table has 1000000 entries", o_mat,
                        width, &bt, &r) < 0)
        return NULL;
    const uint8_t *tab = (const uint8_t *)bt.buf, *mat = (const uint8_t *)r.mat.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < r.n; i++) {
        const uint8_t *row = mat + i * width;
        long iin;
        int ok = digits_with_prefix(row, width, 6, &iin) && tab[iin];
        if (ok) {
            int sum = 0;
            for (Py_ssize_t k = 0; k < width; k++) {
                int d = row[width - 1 - k] - '0';
                if (k & 1) {
                    d *= 2;
                    if (d > 9) d -= 9;
                }
                sum += d;
            }
            ok = sum % 10 == 0;
        }
        r.ok[i] = (uint8_t)ok;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bt);
    return rows_close(&r);
}


/* ------------------------------------------------------------------ plates
 * plates(offs, data, start, end, value, link, provinces, suffixes, auth, ln, digit, nev) ->
 *   (value int64[p], start int64[p], end int64[p], text_offsets int32[p+1], text bytes)
 * A province character (3 bytes, right before a token or one space before it) and a body of
 * 5-7 letters/digits: one token, or a one-letter token linked to a 4-6 character one; the
 * body is checked on the GA 36 forms with the caller's character tables (see
 * candidates._plates and _plate_body), then a special-plate suffix is read after it. */
typedef struct {
    const uint8_t *auth, *ln, *digit, *nev;
} PlateTabs;

static int plate_body(const uint8_t *b, int w, int suffixed, const PlateTabs *t) {
    for (int k = 0; k < w; k++)
        if (b[k] >= 'a' && b[k] <= 'z') return 0; /* lower-case text is not a plate */
    if (!t->auth[b[0]]) return 0;
    if (w == 5 || w == 6) {
        if ((w == 5) != (suffixed != 0)) return 0;
        for (int k = 1; k < w; k++)
            if (!t->ln[b[k]]) return 0;
        return 1;
    }
    if (suffixed) return 0;
    int small = t->nev[b[1]] && t->ln[b[2]];
    for (int k = 3; k < 7 && small; k++) small = t->digit[b[k]] != 0;
    int large = t->nev[b[6]] != 0;
    for (int k = 1; k < 6 && large; k++) large = t->digit[b[k]] != 0;
    return small || large;
}

static PyObject *k_plates(PyObject *self, PyObject *args) {
    PyObject *o[6], *o_sfx, *o_tab[4];
    const char *prov;
    Py_ssize_t nprov;
    if (!PyArg_ParseTuple(args, "OOOOOOy#O!OOOO", &o[0], &o[1], &o[2], &o[3], &o[4], &o[5],
                          &prov, &nprov, &PyTuple_Type, &o_sfx, &o_tab[0], &o_tab[1], &o_tab[2],
                          &o_tab[3]))
        return NULL;
    if (nprov % 3) return PyErr_Format(PyExc_ValueError, "province characters are 3 bytes");
    uint32_t codes[64];
    Py_ssize_t ncodes = nprov / 3;
    if (ncodes > 64) return PyErr_Format(PyExc_ValueError, "at most 64 province characters");
    for (Py_ssize_t j = 0; j < ncodes; j++) {
        const uint8_t *c = (const uint8_t *)prov + 3 * j;
        if (c[0] < 0xE0) return PyErr_Format(PyExc_ValueError, "province characters are 3-byte UTF-8");
        uint32_t code = ((uint32_t)c[0] << 16) | ((uint32_t)c[1] << 8) | c[2];
        Py_ssize_t at = j; /* insertion sort: a few dozen characters */
        while (at > 0 && codes[at - 1] > code) {
            codes[at] = codes[at - 1];
            at--;
        }
        codes[at] = code;
    }
    Seps sfx; /* suffixes, in the caller's order of preference */
    sfx.n = (int)PyTuple_GET_SIZE(o_sfx);
    if (sfx.n > 8) return PyErr_Format(PyExc_ValueError, "at most 8 suffixes");
    for (int s = 0; s < sfx.n; s++) {
        PyObject *b = PyTuple_GET_ITEM(o_sfx, s);
        if (!PyBytes_Check(b)) return PyErr_Format(PyExc_TypeError, "suffixes are bytes");
        sfx.seq[s] = (const uint8_t *)PyBytes_AS_STRING(b);
        sfx.len[s] = PyBytes_GET_SIZE(b);
    }
    Py_buffer b[10];
    const Py_ssize_t size[10] = {8, 1, 8, 8, 8, 1, 1, 1, 1, 1};
    PyObject *objs[10] = {o[0], o[1], o[2], o[3], o[4], o[5], o_tab[0], o_tab[1], o_tab[2], o_tab[3]};
    int got = 0;
    PyObject *out = NULL, *arr[5] = {NULL};
    for (; got < 10; got++)
        if (get(objs[got], &b[got], size[got], "plates") < 0) goto done;
    for (int k = 6; k < 10; k++)
        if (b[k].len != 256) {
            PyErr_SetString(PyExc_ValueError, "character tables have 256 entries");
            goto done;
        }
    const int64_t *offs = b[0].buf, *ts = b[2].buf, *te = b[3].buf, *tv = b[4].buf;
    const uint8_t *data = b[1].buf, *link = b[5].buf;
    PlateTabs tabs = {b[6].buf, b[7].buf, b[8].buf, b[9].buf};
    Py_ssize_t m = b[1].len, n = b[2].len / 8, nv = b[0].len / 8 - 1;
    if (b[3].len != n * 8 || b[4].len != n * 8 || b[5].len != (n > 1 ? n - 1 : 0)) {
        PyErr_SetString(PyExc_ValueError, "token arrays differ in length");
        goto done;
    }
    int outside = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < n && !outside; k++)
        outside = tv[k] < 0 || tv[k] >= nv || ts[k] < 0 || te[k] > m || ts[k] >= te[k];
    Py_END_ALLOW_THREADS
    if (outside) {
        PyErr_SetString(PyExc_ValueError, "token outside the data");
        goto done;
    }
    /* pass 1 finds plates into temporary arrays (at most one per token) */
    int64_t *pv = PyMem_Malloc(sizeof(int64_t) * (size_t)(n ? n : 1) * 4);
    uint8_t *pb = PyMem_Malloc((size_t)(n ? n : 1) * 8);
    if (!pv || !pb) {
        PyMem_Free(pv);
        PyMem_Free(pb);
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t p = 0, text_len = 0;
    /* the passes touch no Python object: other threads run meanwhile (a batch's plates
     * take milliseconds, on the thread the people counting waits beside) */
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < n; k++) {
        int64_t s = ts[k], len = te[k] - ts[k];
        int spaced = s >= 4 && data[s - 1] == ' ';
        int64_t ps = spaced ? s - 4 : s - 3;
        if (ps < offs[tv[k]]) continue;
        /* every province character starts with a byte of 0xE0 or more: most tokens are
         * ruled out by that byte before the sorted list is searched */
        if (data[ps] < 0xE0) continue;
        uint32_t code = ((uint32_t)data[ps] << 16) | ((uint32_t)data[ps + 1] << 8) | data[ps + 2];
        Py_ssize_t lo = 0, hi = ncodes;
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (codes[mid] < code) lo = mid + 1;
            else hi = mid;
        }
        if (lo == ncodes || codes[lo] != code) continue;
        int pair = k + 1 < n && len == 1 && link[k] && te[k + 1] - ts[k + 1] >= 4 &&
                   te[k + 1] - ts[k + 1] <= 6;
        Py_ssize_t last = pair ? k + 1 : k;
        int64_t w = pair ? 1 + te[last] - ts[last] : len;
        if (!pair && (len < 5 || len > 7)) continue;
        if (w < 5 || w > 7) continue;
        uint8_t body[8];
        memcpy(body, data + s, (size_t)len);
        if (pair) memcpy(body + 1, data + ts[last], (size_t)(w - 1));
        int64_t e = te[last], ve = offs[tv[k] + 1], slen = 0;
        if (e + 3 <= ve && data[e] >= 0xE0 && data[e] < 0xF0)
            for (int j = 0; j < sfx.n && !slen; j++)
                if (e + sfx.len[j] <= ve && memcmp(data + e, sfx.seq[j], (size_t)sfx.len[j]) == 0)
                    slen = sfx.len[j];
        if (!plate_body(body, (int)w, slen > 0, &tabs)) continue;
        pv[p * 4] = tv[k];
        pv[p * 4 + 1] = ps;
        pv[p * 4 + 2] = e + slen;
        pv[p * 4 + 3] = k;
        pb[p] = (uint8_t)w;
        text_len += 3 + w + slen;
        p++;
    }
    Py_END_ALLOW_THREADS
    for (int k = 0; k < 3; k++) arr[k] = new_bytes(p * 8);
    arr[3] = new_bytes((p + 1) * 4);
    arr[4] = new_bytes(text_len);
    if (arr[0] && arr[1] && arr[2] && arr[3] && arr[4]) {
        int64_t *ov = (int64_t *)PyByteArray_AS_STRING(arr[0]);
        int64_t *os = (int64_t *)PyByteArray_AS_STRING(arr[1]);
        int64_t *oe = (int64_t *)PyByteArray_AS_STRING(arr[2]);
        int32_t *oo = (int32_t *)PyByteArray_AS_STRING(arr[3]);
        uint8_t *ot = (uint8_t *)PyByteArray_AS_STRING(arr[4]);
        Py_ssize_t at = 0;
        oo[0] = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < p; i++) {
            int64_t k = pv[i * 4 + 3], ps = pv[i * 4 + 1], e = pv[i * 4 + 2];
            int64_t w = pb[i], len = te[k] - ts[k], slen = e - te[w == len ? k : k + 1];
            ov[i] = pv[i * 4];
            os[i] = ps;
            oe[i] = e;
            memcpy(ot + at, data + ps, 3);
            memcpy(ot + at + 3, data + ts[k], (size_t)len);
            if (w != len) memcpy(ot + at + 3 + len, data + ts[k + 1], (size_t)(w - len));
            memcpy(ot + at + 3 + w, data + e - slen, (size_t)slen);
            at += 3 + w + slen;
            oo[i + 1] = (int32_t)at;
        }
        Py_END_ALLOW_THREADS
        out = PyTuple_New(5);
        if (out)
            for (int k = 0; k < 5; k++) {
                PyTuple_SET_ITEM(out, k, arr[k]);
                arr[k] = NULL;
            }
    }
    PyMem_Free(pv);
    PyMem_Free(pb);
done:
    for (int k = 0; k < 5; k++) Py_XDECREF(arr[k]);
    for (int k = 0; k < got; k++) PyBuffer_Release(&b[k]);
    return out;
}


/* ------------------------------------------------------------------ ordering
 * LSD radix sorts of 64-bit keys over 8-bit digits: the eight histograms are counted in one
 * pass, and a digit every key shares is skipped (a pass that would move nothing). 256 buckets
 * keep every pass's write streams in the cache; 16-bit digits (65536 streams) measured about
 * 4x slower on millions of keys, and numpy's comparison sort about 3-4x slower.
 *
 * sort_u64(keys uint64[n]) -> uint64[n]: the keys ascending (numpy's np.sort).
 * order_u64(keys uint64[n]) -> int64[n]: the stable argsort of the keys (numpy's
 * argsort(kind="stable"); see sketch.order_u64). */
typedef Py_ssize_t Digits[8][256];

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

/* turns counts of digit p into starting offsets; 0 when every key has the same digit */
static int offsets(Py_ssize_t *count, Py_ssize_t n) {
    Py_ssize_t sum = 0;
    for (int d = 0; d < 256; d++) {
        if (count[d] == n) return 0;
        Py_ssize_t c = count[d];
        count[d] = sum;
        sum += c;
    }
    return 1;
}

/* The eight passes over counted digits (c: histograms of the n keys in s): keys move between s
 * and d, a pass every key shares a digit of skipped; returns the buffer holding them sorted. */
static uint64_t *radix_passes(Digits *c, uint64_t *s, uint64_t *d, Py_ssize_t n) {
    for (int p = 0; p < 8; p++) {
        Py_ssize_t *at = (*c)[p];
        if (n == 0 || !offsets(at, n)) continue;
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

static PyObject *k_sort_u64(PyObject *self, PyObject *args) {
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
        if (n == 0 || !offsets(at, n)) continue;
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

static PyObject *k_order_u64(PyObject *self, PyObject *args) {
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
 * table; here the queries are put in order (the radix sort above) and the table is walked
 * once beside them, then the positions go back to the queries' order. */
static PyObject *k_search_u64(PyObject *self, PyObject *args) {
    PyObject *o_t, *o_x;
    if (!PyArg_ParseTuple(args, "OO", &o_t, &o_x)) return NULL;
    Py_buffer bt, bx;
    if (get2(o_t, &bt, 8, "table", o_x, &bx, 8, "x") < 0) return NULL;
    const uint64_t *t = (const uint64_t *)bt.buf;
    Py_ssize_t n = bt.len / 8, m = bx.len / 8;
    PyObject *out = NULL;
    uint64_t *ka = NULL, *kb = NULL;
    int64_t *ia = NULL, *ib = NULL;
    Digits *c = NULL;
    int sorted = 1;
    for (Py_ssize_t i = 1; i < n && sorted; i++) sorted = t[i - 1] <= t[i];
    if (!sorted) {
        PyErr_SetString(PyExc_ValueError, "search_u64: the table must be ascending");
        goto done;
    }
    size_t room = sizeof(uint64_t) * (size_t)(m ? m : 1);
    if (!(out = new_bytes(m * 8))) goto done;
    if (!(ka = PyMem_Malloc(room)) || !(kb = PyMem_Malloc(room)) || !(ia = PyMem_Malloc(room)) ||
        !(ib = PyMem_Malloc(room)) || !(c = histograms((const uint64_t *)bx.buf, m))) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        int64_t *pos = (int64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        radix_order((const uint64_t *)bx.buf, m, c, ia, ka, kb, ib);
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
    PyMem_Free(c);
    PyBuffer_Release(&bt);
    PyBuffer_Release(&bx);
    return out;
}


/* ------------------------------------------------------------------ hashing
 * hash64(offs int64[n+1], data, max_bytes) -> uint64[n]: sketch._hash_dense per value. The
 * first min(len, max_bytes) bytes, zero-padded to whole little-endian 64-bit words, are mixed
 * FNV-style, then the full length, then the SplitMix64 finaliser. */
static PyObject *k_hash64(PyObject *self, PyObject *args) {
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

static PyObject *k_components(PyObject *self, PyObject *args) {
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

/* ------------------------------------------------------------------ sorted sets
 * merge_unique(a uint64[n], b uint64[m]) -> uint64[k]: the distinct values of a and b, both
 * ascending, in ascending order (sketch.union_sorted: a stable sort of the two runs, then
 * neighbours compared). One pass, no sort: the people graph's node sets grow by merging. */
static PyObject *k_merge_unique(PyObject *self, PyObject *args) {
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
        Py_ssize_t i = 0, j = 0;
        while (i < n || j < m) {
            uint64_t x = (j >= m || (i < n && a[i] <= b[j])) ? a[i++] : b[j++];
            if (k == 0 || o[k - 1] != x) o[k++] = x;
        }
        Py_END_ALLOW_THREADS
    }
    if (PyByteArray_Resize(out, k * 8) < 0) Py_CLEAR(out);
done:
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    return out;
}

/* ------------------------------------------------------------------ track predecessors
 * previous_same_u64(keys uint64[n]) -> int64[n]: for each position, the last earlier position
 * holding the same key, -1 for none (geo.tracks.previous_same, whose numpy twin sorts by key).
 * One pass over an open-addressing table of positions (at least twice as many slots as keys,
 * linear probing, slots chosen by a Fibonacci hash of the key): each key's slot holds its
 * latest position, so a batch's track pairs need no sort. */
static PyObject *k_previous_same_u64(PyObject *self, PyObject *args) {
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
static PyObject *k_cell_marks(PyObject *self, PyObject *args) {
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

static PyObject *k_sample_candidates(PyObject *self, PyObject *args) {
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
static PyObject *k_set_insert(PyObject *self, PyObject *args) {
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

/* ================================================================== string columns (team text)
 * distinct values of a string column for the identifier scan (arrowtools.distinct_codes), and
 * the extractor's tokens read 16 bytes at a time (candidates.tokenize).
 *
 * distinct(offs int32[n+1], data, valid, bit_offset) -> (codes int64[n], first int64[m]):
 * pyarrow.compute.dictionary_encode of a string array, as the codes the identifier scan keeps
 * (arrowtools.distinct_codes with native=False is the twin). Each value gets the number of its
 * distinct value
 * in order of first occurrence, a null (bit ``bit_offset + i`` of ``valid`` clear; ``valid``
 * None: no nulls) gets m; ``first`` holds the row of each distinct value's first occurrence.
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

/* The bytes of a value as words: whole words, then its last eight bytes (overlapping the
 * words before) with the bytes already read shifted out, so no read leaves the value and no
 * copy of variable length is made; values under 8 bytes are read byte by byte. */
static inline uint64_t bytes_hash(const uint8_t *v, int64_t len) {
    const uint64_t prime = 0x100000001B3ULL;
    uint64_t x = 0xCBF29CE484222325ULL ^ (uint64_t)len;
    if (len >= 8) {
        int64_t k = 0;
        for (; k + 8 <= len; k += 8) x = (x ^ load8(v + k)) * prime;
        if (k < len) x = (x ^ (load8(v + len - 8) >> (8 * (8 - (len - k))))) * prime;
    } else {
        uint64_t w = 0;
        for (int64_t j = 0; j < len; j++) w |= (uint64_t)v[j] << (8 * j);
        x = (x ^ w) * prime;
    }
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

static PyObject *k_distinct(PyObject *self, PyObject *args) {
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
    for (Py_ssize_t i = 0; i < n; i++)
        if (offs[i] < 0 || offs[i] > offs[i + 1] || offs[i + 1] > bd.len) {
            PyErr_SetString(PyExc_ValueError, "offsets outside the data");
            goto done;
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
            for (Py_ssize_t i = 0; i < n; i++)
                if (code[i] < 0) code[i] = m;
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


/* tokens16(offs int64[n+1], data uint8[m], seps tuple[bytes]) -> what tokens() returns, the
 * same arrays (candidates.tokenize; its numpy twin is the specification). Text is mostly
 * bytes that are no letter or digit (Chinese characters, punctuation): they are passed over 16
 * at a time with SSE2 compares, and tokens are counted from the same 16-bit masks, so the
 * byte-by-byte work is only inside tokens (tokens() walks every byte twice). Without SSE2
 * it is tokens(). */
#if defined(__GNUC__)
static inline int ctz32(uint32_t x) { return __builtin_ctz(x); } /* x != 0 */
static inline int popcount32(uint32_t x) { return __builtin_popcount(x); }
#else
static inline int ctz32(uint32_t x) {
    int n = 0;
    while (!(x & 1)) x >>= 1, n++;
    return n;
}
static inline int popcount32(uint32_t x) {
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}
#endif

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

static PyObject *k_tokens16(PyObject *self, PyObject *args) {
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
static PyObject *k_tokens16(PyObject *self, PyObject *args) { return k_tokens(self, args); }
#endif

/* ================================================================== end string columns (team text) */

/* ------------------------------------------------------------------ people links
 * The people graph (people._Graph) keeps its links as canonical runs: pairs (lo, hi), lo != hi
 * and, for undirected links, lo < hi; distinct and in ascending (lo, hi) order. Kept links are
 * then merged with new ones instead of sorted again at every compaction, and their lo ends
 * are ascending, so the final count finds them by one walk (walk_u64) instead of a sort.
 *
 * sort_pairs(a uint64[n], b uint64[n], directed) -> (lo, hi): the canonical run of the links
 *   a[i]-b[i] (people._sorted_pairs). Radix passes on lo carry hi along (pairs with the same
 *   lo end up adjacent, in input order); each run of one lo is then sorted by hi (insertion
 *   sort: a node has few links; qsort beyond 16) and repeats dropped. Scratch: two arrays of
 *   n beside the two outputs of n (the caller bounds n like the radix sorts, sketch.RADIX_MAX).
 * merge_pairs(lo1, hi1, lo2, hi2, directed) -> (lo, hi) or None: the canonical run of the
 *   union of two canonical runs in one pass (people._merged_pairs); None when either run is
 *   not canonical (the caller sorts it first).
 * walk_u64(table uint64[n] ascending, x uint64[m]) -> int64[m] or None: np.searchsorted(table,
 *   x) when x is ascending, by one walk of the table beside x; None when x is not (the caller
 *   searches otherwise: sketch.search_u64). */
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

static PyObject *k_sort_pairs(PyObject *self, PyObject *args) {
    PyObject *o_a, *o_b;
    int directed;
    if (!PyArg_ParseTuple(args, "OOp", &o_a, &o_b, &directed)) return NULL;
    Py_buffer ba, bb;
    if (get2(o_a, &ba, 8, "a", o_b, &bb, 8, "b") < 0) return NULL;
    PyObject *out = NULL, *olo = NULL, *ohi = NULL;
    Py_ssize_t n = ba.len / 8, k = 0;
    size_t room = sizeof(uint64_t) * (size_t)(n ? n : 1);
    uint64_t *sl = NULL, *sh = NULL;
    Digits *c = NULL;
    if (bb.len != ba.len) {
        PyErr_SetString(PyExc_ValueError, "a and b differ in length");
        goto done;
    }
    if (!(olo = new_bytes(n * 8)) || !(ohi = new_bytes(n * 8))) goto done;
    if (!(sl = PyMem_Malloc(room)) || !(sh = PyMem_Malloc(room))) {
        PyErr_NoMemory();
        goto done;
    }
    if (!(c = PyMem_RawCalloc(1, sizeof(Digits)))) {
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
            for (int p = 0; p < 8; p++) (*c)[p][(x >> (8 * p)) & 0xFF]++;
        }
        uint64_t *s = lo, *sv = hi, *d = sl, *dv = sh;
        for (int p = 0; p < 8; p++) {
            Py_ssize_t *at = (*c)[p];
            if (k == 0 || !offsets(at, k)) continue;
            int shift = 8 * p;
            for (Py_ssize_t i = 0; i < k; i++) {
                Py_ssize_t to = at[(s[i] >> shift) & 0xFF]++;
                d[to] = s[i];
                dv[to] = sv[i];
            }
            uint64_t *t = s;
            s = d;
            d = t;
            t = sv;
            sv = dv;
            dv = t;
        }
        if (s != lo) {
            memcpy(lo, s, sizeof(uint64_t) * (size_t)k);
            memcpy(hi, sv, sizeof(uint64_t) * (size_t)k);
        }
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
    PyMem_RawFree(c);
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    return out;
}

static PyObject *k_merge_pairs(PyObject *self, PyObject *args) {
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
            if (l1[i] < l2[j] || (l1[i] == l2[j] && h1[i] < h2[j])) {
                lo[k] = l1[i];
                hi[k++] = h1[i++];
            } else {
                if (l1[i] == l2[j] && h1[i] == h2[j]) i++;
                lo[k] = l2[j];
                hi[k++] = h2[j++];
            }
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

static PyObject *k_walk_u64(PyObject *self, PyObject *args) {
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
 *   copied once into a radix sort (no concatenation beforehand), and the merge with big picks
 *   each value by comparison results, not branches (hashes interleave at random: a branch per
 *   value is mispredicted half the time). Scratch: two arrays of the parts' total length
 *   (callers bound it like the radix sorts, sketch.RADIX_MAX), beside the output. */
static PyObject *k_union_u64(PyObject *self, PyObject *args) {
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
    size_t room = sizeof(uint64_t) * (size_t)(m ? m : 1);
    if (!(out = new_bytes((n + m) * 8))) goto done;
    if (!(buf = PyMem_Malloc(room)) || !(tmp = PyMem_Malloc(room)) ||
        !(c = PyMem_RawCalloc(1, sizeof(Digits)))) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    {
        uint64_t *o = (uint64_t *)PyByteArray_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
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
        uint64_t *s = radix_passes(c, buf, tmp, m);
        /* last: the value written before, made unequal to the first one written (the
         * smaller of both runs' first values) */
        uint64_t first = n && m ? (a[0] < s[0] ? a[0] : s[0]) : (n ? a[0] : (m ? s[0] : 0));
        uint64_t last = first ^ 1;
        Py_ssize_t i = 0, j = 0;
        while (i < n && j < m) {
            uint64_t x = a[i], y = s[j], v = x < y ? x : y;
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
            o[k] = s[j];
            k += s[j] != last;
            last = s[j];
        }
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

/* ================================================================== geo round 2
 * ascending_gaps(keys uint64[n], t float64[n], has_key bool[n] or None) -> (ascend, gaps
 * float64[m]): each position's last earlier position of its key (as previous_same_u64), and
 * whether every such pair's times ascend (t[j] <= t[i]; a NaN fails, as numpy's comparison
 * does). When they do, the positive gaps t[i] - t[j] of the pairs whose later point has a key
 * and both times are finite, in position order (geo.tracks.ascending_gaps; numpy twin: the
 * previous_same twin and array passes). Stops at the first pair that goes back (gaps empty).
 * A slot holds a position (low 32 bits) and a 32-bit fingerprint of its key (high bits), so
 * an occupied slot of another key is passed over without reading that key (a cache miss);
 * positions need fewer than 2^32 - 1 points (refused otherwise). */
static PyObject *k_ascending_gaps(PyObject *self, PyObject *args) {
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

static PyObject *k_value_candidates(PyObject *self, PyObject *args) {
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
/* ================================================================== end geo round 2 */

/* ================================================================== identifier scans round 2 */

/* windows(data uint8[m], at int64[n], width) -> uint8[n*width]
 * The `width` bytes from each position, back to back: the bytes of candidates written
 * without separators (numpy's sliding_window_view(data, width)[at], one copy a row instead
 * of an index walk). A position whose window leaves the data is an error. */
static PyObject *k_windows(PyObject *self, PyObject *args) {
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
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t p = at[i];
            if (p < 0 || p > m - width) {
                bad = 1;
                break;
            }
            memcpy(o + i * width, data + p, (size_t)width);
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
/* ================================================================== end identifier scans round 2 */

static PyMethodDef methods[] = {
    {"tokens", k_tokens, METH_VARARGS, "Tokens of every value and their links (see candidates)."},
    {"gather", k_gather, METH_VARARGS, "Normalised bytes of candidates (letters and digits)."},
    {"mobile", k_mobile, METH_VARARGS, "Mobile numbers in an allocated block."},
    {"vin", k_vin, METH_VARARGS, "VIN check digit, alphabet, year code, serial."},
    {"resident_id", k_resident_id, METH_VARARGS, "GB 11643 resident identity numbers."},
    {"uscc", k_uscc, METH_VARARGS, "GB 32100 unified social credit codes."},
    {"plates", k_plates, METH_VARARGS, "Licence plates after a province character."},
    {"order_u64", k_order_u64, METH_VARARGS, "Stable argsort of 64-bit keys."},
    {"sort_u64", k_sort_u64, METH_VARARGS, "64-bit keys in ascending order."},
    {"search_u64", k_search_u64, METH_VARARGS, "Positions of keys in an ascending table."},
    {"hash64", k_hash64, METH_VARARGS, "64-bit hashes of string values (sketch.hash64)."},
    {"card", k_card, METH_VARARGS, "Digits, issuer range and Luhn of card numbers."},
    {"merge_unique", k_merge_unique, METH_VARARGS, "Distinct values of two ascending runs."},
    {"components", k_components, METH_VARARGS, "Connected components (smallest index)."},
    {"previous_same_u64", k_previous_same_u64, METH_VARARGS, "Last earlier position of each key."},
    {"cell_marks", k_cell_marks, METH_VARARGS, "Grid cells of a box that hold a point."},
    {"sample_candidates", k_sample_candidates, METH_VARARGS, "Values that may hash smallest."},
    {"set_insert", k_set_insert, METH_VARARGS, "Add 64-bit keys to an open-addressing set."},
    {"distinct", k_distinct, METH_VARARGS, "Codes and first rows of distinct strings."},
    {"sort_pairs", k_sort_pairs, METH_VARARGS, "Canonical run of links (people graph)."},
    {"merge_pairs", k_merge_pairs, METH_VARARGS, "Union of two canonical runs of links."},
    {"walk_u64", k_walk_u64, METH_VARARGS, "Positions of ascending keys in an ascending table."},
    {"tokens16", k_tokens16, METH_VARARGS, "tokens(), passing over other bytes 16 at a time."},
    {"union_u64", k_union_u64, METH_VARARGS, "Sorted set of 64-bit keys and unsorted parts."},
    {"ascending_gaps", k_ascending_gaps, METH_VARARGS, "Gaps to each key's previous point."},
    {"value_candidates", k_value_candidates, METH_VARARGS, "Values of two arrays that may hash smallest."},
    {"windows", k_windows, METH_VARARGS, "Fixed-width byte windows at positions."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernel",
    "Native kernel of the scan's candidate extractor and validators (numpy twins in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__kernel(void) {
    for (int c = '0'; c <= '9'; c++) CLASS[c] = K_DIGIT;
    for (int c = 'A'; c <= 'Z'; c++) CLASS[c] = K_UPPER;
    for (int c = 'a'; c <= 'z'; c++) CLASS[c] = K_LOWER;
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddStringConstant(m, "SOURCE_SHA256", KERNEL_SOURCE_SHA256) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
