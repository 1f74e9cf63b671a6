/* The extension module carborder.scan.detectors._kernel: its method table and the digest of
 * the sources it was built from. The functions live in the other units, grouped by job (see
 * kernel.h).
 */

#include "kernel.h"

/* SHA-256 of every source of the kernel (its .c and .h files, with their names; see
 * kernel_sources.py), passed in by the build (setup.py): the Python loader compares it with
 * the sources it ships and runs the numpy twins instead of a kernel built from other source. */
#ifndef KERNEL_SOURCE_SHA256
#define KERNEL_SOURCE_SHA256 ""
#endif

static PyMethodDef methods[] = {
    {"tokens", ck_tokens, METH_VARARGS, "Tokens of every value and their links (see candidates)."},
    {"gather", ck_gather, METH_VARARGS, "Normalised bytes of candidates (letters and digits)."},
    {"mobile", ck_mobile, METH_VARARGS, "Mobile numbers in an allocated block."},
    {"vin", ck_vin, METH_VARARGS, "VIN check digit, alphabet, year code, serial."},
    {"resident_id", ck_resident_id, METH_VARARGS, "GB 11643 resident identity numbers."},
    {"uscc", ck_uscc, METH_VARARGS, "GB 32100 unified social credit codes."},
    {"plates", ck_plates, METH_VARARGS, "Licence plates after a province character."},
    {"order_u64", ck_order_u64, METH_VARARGS, "Stable argsort of 64-bit keys."},
    {"sort_u64", ck_sort_u64, METH_VARARGS, "64-bit keys in ascending order."},
    {"search_u64", ck_search_u64, METH_VARARGS, "Positions of keys in an ascending table."},
    {"hash64", ck_hash64, METH_VARARGS, "64-bit hashes of string values (sketch.hash64)."},
    {"card", ck_card, METH_VARARGS, "Digits, issuer range and Luhn of card numbers."},
    {"merge_unique", ck_merge_unique, METH_VARARGS, "Distinct values of two ascending runs."},
    {"components", ck_components, METH_VARARGS, "Connected components (smallest index)."},
    {"previous_same_u64", ck_previous_same_u64, METH_VARARGS, "Last earlier position of each key."},
    {"cell_marks", ck_cell_marks, METH_VARARGS, "Grid cells of a box that hold a point."},
    {"sample_candidates", ck_sample_candidates, METH_VARARGS, "Values that may hash smallest."},
    {"set_insert", ck_set_insert, METH_VARARGS, "Add 64-bit keys to an open-addressing set."},
    {"distinct", ck_distinct, METH_VARARGS, "Codes and first rows of distinct strings."},
    {"sort_pairs", ck_sort_pairs, METH_VARARGS, "Canonical run of links (people graph)."},
    {"merge_pairs", ck_merge_pairs, METH_VARARGS, "Union of two canonical runs of links."},
    {"walk_u64", ck_walk_u64, METH_VARARGS, "Positions of ascending keys in an ascending table."},
    {"tokens16", ck_tokens16, METH_VARARGS, "tokens(), passing over other bytes 16 at a time."},
    {"union_u64", ck_union_u64, METH_VARARGS, "Sorted set of 64-bit keys and unsorted parts."},
    {"ascending_gaps", ck_ascending_gaps, METH_VARARGS, "Gaps to each key's previous point."},
    {"value_candidates", ck_value_candidates, METH_VARARGS, "Values of two arrays that may hash smallest."},
    {"windows", ck_windows, METH_VARARGS, "Fixed-width byte windows at positions."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernel",
    "Native kernel of the scan's candidate extractor and validators (numpy twins in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__kernel(void) {
    ck_tokens_init();
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddStringConstant(m, "SOURCE_SHA256", KERNEL_SOURCE_SHA256) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
