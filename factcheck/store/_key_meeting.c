/* The key index's meeting of an article's sentences, in one pass (optional speedup).
 *
 * factcheck/store/claim_key_index.py says what is counted and why; this is the same
 * count as its numpy path (KeyIndex._meeting_in_numpy), which stays the fallback
 * where no C compiler built this module, and the oracle the tests compare it with.
 * In numpy the count was a hundred-odd calls, each a few microseconds with the
 * caches cold after the other checks (0.72 ms an article at 150,000 reviews); here
 * it is one (0.33 ms, most of it the lists' rows fetched from memory).
 *
 * The GIL is held throughout: the per-row counters (``scratch``) belong to the
 * index, and two threads checking at once take turns.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* As int_table.py: Fibonacci hashing, linear probing, -1 an empty slot. */
#define MULTIPLIER 0x9E3779B97F4A7C15ULL

static int64_t find(const int64_t *slot_keys, const int32_t *slot_values, int bits, int64_t key) {
    uint64_t mask = (1ULL << bits) - 1;
    uint64_t at = ((uint64_t)key * MULTIPLIER) >> (64 - bits);
    for (;;) {
        int64_t held = slot_keys[at];
        if (held == -1) return -1;
        if (held == key) return slot_values[at];
        at = (at + 1) & mask;
    }
}

/* A growable array of int64 (what is met) or int32 (the rows a sentence touched). */
typedef struct {
    char *data;
    Py_ssize_t len, cap;
} Grown;

static int append(Grown *a, const void *item, Py_ssize_t size) {
    if (a->len + size > a->cap) {
        Py_ssize_t cap = a->cap ? 2 * a->cap : 4096;
        while (cap < a->len + size) cap *= 2;
        char *data = PyMem_Realloc(a->data, cap);
        if (!data) {
            PyErr_NoMemory();
            return -1;
        }
        a->data = data;
        a->cap = cap;
    }
    memcpy(a->data + a->len, item, size);
    a->len += size;
    return 0;
}

#define BUFFERS 14

/* What each buffer argument must be: its name and its items' size in bytes. */
static const char *NAMES[BUFFERS] = {"hashes", "sizes", "stem_keys", "stem_values", "common", "bounds", "rows",
                                     "pair_keys", "pair_values", "pair_starts", "pair_rows", "needed", "keys",
                                     "scratch"};
static const Py_ssize_t ITEMS[BUFFERS] = {8, 8, 8, 4, 1, 8, 4, 8, 4, 8, 4, 1, 4, 2};

/* Count each row the sentence's lists touch: its rare stems' lists, and those of each
 * two of its common stems filed together. -1 out of memory (the rows counted so far are
 * in ``touched``, to be set back to zero). */
static int count_lists(const int32_t *held, Py_ssize_t count, Py_buffer *v, int pair_bits, Py_ssize_t stems,
                       Grown *touched) {
    const uint8_t *common = v[4].buf;
    const int64_t *bounds = v[5].buf;
    const int32_t *rows = v[6].buf;
    const int64_t *pair_keys = v[7].buf, *pair_starts = v[9].buf;
    const int32_t *pair_values = v[8].buf, *pair_rows = v[10].buf;
    uint16_t *scratch = v[13].buf; /* per row: rare keys met, pairs of common keys met */
    for (Py_ssize_t i = 0; i < count; i++) {
        int32_t stem = held[i];
        if (!common[stem]) {
            for (int64_t k = bounds[stem]; k < bounds[stem + 1]; k++) {
                int32_t row = rows[k];
                uint16_t *c = scratch + 2 * (Py_ssize_t)row;
                if (!c[0] && !c[1] && append(touched, &row, sizeof row) < 0) return -1;
                if (c[0] < UINT16_MAX) c[0]++;
            }
            continue;
        }
        for (Py_ssize_t j = i + 1; j < count; j++) {
            int32_t other = held[j];
            if (!common[other]) continue;
            int64_t lower = stem < other ? stem : other, higher = stem < other ? other : stem;
            int64_t pair = find(pair_keys, pair_values, pair_bits, lower * stems + higher);
            if (pair < 0) continue;
            for (int64_t k = pair_starts[pair]; k < pair_starts[pair + 1]; k++) {
                int32_t row = pair_rows[k];
                uint16_t *c = scratch + 2 * (Py_ssize_t)row;
                if (!c[0] && !c[1] && append(touched, &row, sizeof row) < 0) return -1;
                if (c[1] < UINT16_MAX) c[1]++;
            }
        }
    }
    return 0;
}

/* A sentence's meetings: its lists counted, then the rows with enough keys kept, and
 * every counter set back to zero (even out of memory). */
static int meet_sentence(Py_ssize_t sentence, const int32_t *held, Py_ssize_t count, Py_buffer *v, int pair_bits,
                         Py_ssize_t width, Py_ssize_t stems, Grown *touched, Grown *met) {
    const int8_t *needed = v[11].buf;
    const int32_t *keys = v[12].buf;
    uint16_t *scratch = v[13].buf;
    touched->len = 0;
    int failed = count_lists(held, count, v, pair_bits, stems, touched) < 0;
    const int32_t *rows_touched = (const int32_t *)touched->data;
    Py_ssize_t n = touched->len / (Py_ssize_t)sizeof(int32_t);
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t row = rows_touched[i];
        uint16_t *c = scratch + 2 * (Py_ssize_t)row;
        int r = c[0], p = c[1], need = needed[row];
        c[0] = c[1] = 0;
        if (failed) continue;
        /* The numpy path's rule: p = c(c - 1)/2 pairs of the c common keys held. */
        int enough = p >= 3 || (p == 1 && (need == 2 || r >= 1)) || r >= need;
        if (!enough && p == 0 && r == need - 1) {
            int holding = 0;
            for (Py_ssize_t k = 0; k < width; k++) {
                int32_t key = keys[(Py_ssize_t)row * width + k];
                for (Py_ssize_t m = 0; m < count; m++)
                    if (held[m] == key) {
                        holding++;
                        break;
                    }
            }
            enough = holding >= need;
        }
        if (enough) {
            int64_t pair[2] = {sentence, row};
            if (append(met, pair, sizeof pair) < 0) failed = 1;
        }
    }
    return failed ? -1 : 0;
}

/* meet(hashes, sizes, stem_keys, stem_values, stem_bits, common, bounds, rows, pair_keys,
 *      pair_values, pair_bits, pair_starts, pair_rows, needed, keys, width, stems, scratch)
 * -> bytes: int64 (sentence, row) pairs, each sentence's in no order. */
static PyObject *meet(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *given[BUFFERS];
    int stem_bits, pair_bits;
    Py_ssize_t width, stems;
    if (!PyArg_ParseTuple(args, "OOOOiOOOOOiOOOOnnO", &given[0], &given[1], &given[2], &given[3], &stem_bits,
                          &given[4], &given[5], &given[6], &given[7], &given[8], &pair_bits, &given[9], &given[10],
                          &given[11], &given[12], &width, &stems, &given[13]))
        return NULL;
    Py_buffer v[BUFFERS];
    int got = 0;
    PyObject *result = NULL;
    Grown touched = {0}, met = {0};
    int32_t *held = NULL;
    for (; got < BUFFERS; got++) {
        if (PyObject_GetBuffer(given[got], &v[got], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) goto done;
        if (v[got].itemsize != ITEMS[got]) {
            PyErr_Format(PyExc_TypeError, "%s: items of %zd bytes expected, not %zd", NAMES[got], ITEMS[got],
                         v[got].itemsize);
            got++;
            goto done;
        }
    }
    const int64_t *hashes = v[0].buf, *sizes = v[1].buf, *stem_keys = v[2].buf;
    const int32_t *stem_values = v[3].buf;
    Py_ssize_t sentences = v[1].len / 8, most = 0, at = 0, total = 0;
    for (Py_ssize_t s = 0; s < sentences; s++) {
        if (sizes[s] < 0) break;
        total += sizes[s];
        if (sizes[s] > most) most = sizes[s];
    }
    if (total != v[0].len / 8) {
        PyErr_SetString(PyExc_ValueError, "the sentences' sizes do not add up to the stems given");
        goto done;
    }
    held = PyMem_Malloc(sizeof(int32_t) * (most + 1));
    if (!held) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t sentence = 0; sentence < sentences; sentence++) {
        Py_ssize_t count = 0;
        for (Py_ssize_t i = 0; i < sizes[sentence]; i++) {
            int64_t number = find(stem_keys, stem_values, stem_bits, hashes[at + i]);
            if (number >= 0) held[count++] = (int32_t)number;
        }
        at += sizes[sentence];
        /* One key is never enough: a sentence needs two of a review's, or three. */
        if (count >= 2 && meet_sentence(sentence, held, count, v, pair_bits, width, stems, &touched, &met) < 0)
            goto done;
    }
    result = PyBytes_FromStringAndSize(met.data ? met.data : "", met.len);
done:
    for (int i = 0; i < got; i++) PyBuffer_Release(&v[i]);
    PyMem_Free(held);
    PyMem_Free(touched.data);
    PyMem_Free(met.data);
    return result;
}

static PyMethodDef METHODS[] = {
    {"meet", meet, METH_VARARGS, "Each (sentence, row) of an article whose review it holds enough keys of."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef MODULE = {
    PyModuleDef_HEAD_INIT, "_key_meeting", "The key index's count in one pass (see claim_key_index.py).", -1,
    METHODS, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__key_meeting(void) { return PyModule_Create(&MODULE); }
