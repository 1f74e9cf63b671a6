/* Validators of fixed-width identifiers: mobile numbers (allocated blocks), VINs, GB 11643
 * resident identity numbers, GB 32100 unified social credit codes and bank cards (issuer
 * ranges, Luhn). Twins: the *_rows functions of validators.py.
 */

#include "kernel.h"

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static uint8_t upper(uint8_t c) { return (c >= 'a' && c <= 'z') ? (uint8_t)(c - 32) : c; }

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
PyObject *ck_mobile(PyObject *self, PyObject *args) {
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
PyObject *ck_vin(PyObject *self, PyObject *args) {
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
        /* four partial sums: the lookups of a row add up in a tree, not one chain of 17 */
        uint32_t a0 = lut[row[0]], a1 = lut[256 + row[1]], a2 = lut[512 + row[2]],
                 a3 = lut[768 + row[3]];
        for (int k = 4; k < 16; k += 4) {
            a0 += lut[k * 256 + row[k]];
            a1 += lut[(k + 1) * 256 + row[k + 1]];
            a2 += lut[(k + 2) * 256 + row[k + 2]];
            a3 += lut[(k + 3) * 256 + row[k + 3]];
        }
        uint32_t acc = (a0 + a1) + (a2 + a3) + lut[16 * 256 + row[16]];
        /* all three tests, without a branch each (the check character is always readable) */
        r.ok[i] = (uint8_t)(((acc >> 16) == 0) & (((acc >> 11) & 0x1F) >= 2) &
                            (upper(row[8]) == (uint8_t)check[(acc & 0x7FF) % 11]));
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

PyObject *ck_resident_id(PyObject *self, PyObject *args) {
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
PyObject *ck_uscc(PyObject *self, PyObject *args) {
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
PyObject *ck_card(PyObject *self, PyObject *args) {
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
