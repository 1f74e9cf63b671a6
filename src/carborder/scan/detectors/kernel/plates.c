/* Licence plates (GA 36) after a province character, read from the tokens of tokens.c.
 * Twin: candidates._plates.
 */

#include "kernel.h"

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

/* A three-byte UTF-8 sequence (lead byte 0xE0-0xEF, two continuation bytes), and its code
 * point: on such sequences the code point is one-to-one with the three bytes. */
static inline int utf8_3(const uint8_t *c) {
    return (c[0] & 0xF0) == 0xE0 && (c[1] & 0xC0) == 0x80 && (c[2] & 0xC0) == 0x80;
}
static inline uint32_t code_point3(const uint8_t *c) {
    return ((uint32_t)(c[0] & 0x0F) << 12) | ((uint32_t)(c[1] & 0x3F) << 6) | (c[2] & 0x3F);
}

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

PyObject *ck_plates(PyObject *self, PyObject *args) {
    PyObject *o[6], *o_sfx, *o_tab[4];
    const char *prov;
    Py_ssize_t nprov;
    if (!PyArg_ParseTuple(args, "OOOOOOy#O!OOOO", &o[0], &o[1], &o[2], &o[3], &o[4], &o[5],
                          &prov, &nprov, &PyTuple_Type, &o_sfx, &o_tab[0], &o_tab[1], &o_tab[2],
                          &o_tab[3]))
        return NULL;
    if (nprov % 3) return PyErr_Format(PyExc_ValueError, "province characters are 3 bytes");
    /* the province characters as a bitmap of their code points (8 KB, in the core's L1):
     * free text is mostly characters of three bytes, and a token after each is checked */
    uint64_t prov_bits[1024];
    memset(prov_bits, 0, sizeof prov_bits);
    for (Py_ssize_t j = 0; j < nprov / 3; j++) {
        const uint8_t *c = (const uint8_t *)prov + 3 * j;
        if (!utf8_3(c))
            return PyErr_Format(PyExc_ValueError, "province characters are 3-byte UTF-8");
        uint32_t cp = code_point3(c);
        prov_bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
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
        /* a body is one token of 5-7 characters or a one-letter token and the next: most
         * tokens (words, numbers) are ruled out by their length alone */
        if (len != 1 && (len < 5 || len > 7)) continue;
        int spaced = s >= 4 && data[s - 1] == ' ';
        int64_t ps = spaced ? s - 4 : s - 3;
        if (ps < offs[tv[k]]) continue;
        /* a three-byte character whose code point is in the bitmap */
        if (!utf8_3(data + ps)) continue;
        uint32_t cp = code_point3(data + ps);
        if (!((prov_bits[cp >> 6] >> (cp & 63)) & 1)) continue;
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
