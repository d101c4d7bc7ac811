/*
 * repkit.groups._tc_kernel -- compiled Todd-Coxeter coset enumeration (HLT with lookahead,
 * and Felsch), the optional fast path of repkit.groups.todd_coxeter.enumerate_cosets.
 *
 * It is a line-by-line transcription of the pure-Python reference repkit/groups/_tc_python.py
 * (which the tests cross-check it against), following Holt, Eick and O'Brien, Handbook of
 * Computational Group Theory (2005), chapter 5: DEFINE/SCAN (pp. 152-155), COINCIDENCE with
 * MERGE/REP (pp. 156-159), HLT with SCANANDFILL and lookahead (pp. 161-163), Felsch with the
 * deduction stack (pp. 164-166), COMPRESS and STANDARDIZE (pp. 167-168).
 *
 * Only the CPython C API is used (no NumPy headers), so it builds with any C99 compiler. Memory
 * comes from PyMem_Raw* so that tracemalloc (and the benchmark's peak-memory column) sees it.
 *
 * enumerate(ncols, relators, subgroup, conjugates, max_cosets, felsch, report, interval)
 *   relators, subgroup: lists of lists of table columns (0 .. ncols-1);
 *   conjugates: for Felsch, a list (one per column) of lists of words (cyclic conjugates of
 *   relators and their inverses starting with that column); ignored for HLT;
 *   report: None or a callable report(defined, live, passes);
 * returns (table_bytes_or_None, defined, live, passes): the standardized table as native int32
 * bytes of shape (index, ncols), or None when more than max_cosets cosets would be needed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t idx;

#define DEDUCTION_LIMIT (1 << 16)
#define INITIAL_ROWS 1024

typedef struct {
    int *data;   /* letters of all words, concatenated */
    int64_t *start; /* word k is data[start[k] .. start[k+1]) */
    int64_t count;
} WordList;

typedef struct {
    int nc;
    idx *T;
    idx *p;
    int64_t n, cap, maxc;
    int64_t defined, live, passes;
    int felsch;
    int64_t *stack;
    int64_t sp;
    int overflow;
    idx *queue;
    int64_t qcap;
    PyObject *report;
    int64_t interval, next_report;
} TC;

/* Status codes: 0 ok, 1 table full, -1 Python error set. */

static int tc_grow(TC *t) {
    int64_t newcap = t->cap * 2;
    if (newcap > t->maxc) newcap = t->maxc;
    idx *T = (idx *)PyMem_RawRealloc(t->T, (size_t)newcap * (size_t)t->nc * sizeof(idx));
    if (!T) { PyErr_NoMemory(); return -1; }
    t->T = T;
    memset(T + t->cap * t->nc, 0xff, (size_t)(newcap - t->cap) * (size_t)t->nc * sizeof(idx));
    idx *p = (idx *)PyMem_RawRealloc(t->p, (size_t)newcap * sizeof(idx));
    if (!p) { PyErr_NoMemory(); return -1; }
    t->p = p;
    for (int64_t i = t->cap; i < newcap; i++) p[i] = (idx)i;
    t->cap = newcap;
    return 0;
}

static int tc_push(TC *t, int64_t entry) {
    if (t->sp >= DEDUCTION_LIMIT) { t->sp = 0; t->overflow = 1; }
    else t->stack[t->sp++] = entry;
    return 0;
}

/* Every `interval` definitions: honour Ctrl-C and call the progress callback, if any. */
static int tc_report(TC *t) {
    if (t->defined >= t->next_report) {
        t->next_report += t->interval;
        if (PyErr_CheckSignals() < 0) return -1;
        if (!t->report) return 0;
        PyObject *r = PyObject_CallFunction(t->report, "LLL", (long long)t->defined,
                                            (long long)t->live, (long long)t->passes);
        if (!r) return -1;
        Py_DECREF(r);
    }
    return 0;
}

/* DEFINE: returns the new coset through *out; status 1 when full. */
static int tc_define(TC *t, idx a, int x, idx *out) {
    if (t->n >= t->maxc) return 1;
    if (t->n >= t->cap && tc_grow(t) < 0) return -1;
    idx b = (idx)t->n;
    int nc = t->nc;
    t->T[(int64_t)a * nc + x] = b;
    t->T[(int64_t)b * nc + (x ^ 1)] = a;
    t->n++;
    t->defined++;
    t->live++;
    if (t->felsch) tc_push(t, (int64_t)a * nc + x);
    *out = b;
    return tc_report(t);
}

static inline idx tc_rep(idx *p, idx k) {
    idx r = k;
    while (p[r] != r) r = p[r];
    while (p[k] != r) { idx nx = p[k]; p[k] = r; k = nx; }
    return r;
}

static int tc_merge(TC *t, idx k, idx m, int64_t *qlen) {
    idx a = tc_rep(t->p, k), b = tc_rep(t->p, m);
    if (a == b) return 0;
    if (a > b) { idx s = a; a = b; b = s; }
    t->p[b] = a;
    t->live--;
    if (*qlen >= t->qcap) {
        int64_t nq = t->qcap ? 2 * t->qcap : 1024;
        idx *q = (idx *)PyMem_RawRealloc(t->queue, (size_t)nq * sizeof(idx));
        if (!q) { PyErr_NoMemory(); return -1; }
        t->queue = q;
        t->qcap = nq;
    }
    t->queue[(*qlen)++] = b;
    return 0;
}

/* COINCIDENCE (HEO p. 158). */
static int tc_coincidence(TC *t, idx a, idx b) {
    int64_t qlen = 0, i = 0;
    int nc = t->nc;
    idx *T = t->T, *p = t->p;
    if (tc_merge(t, a, b, &qlen) < 0) return -1;
    while (i < qlen) {
        idx g = t->queue[i++];
        int64_t base = (int64_t)g * nc;
        for (int x = 0; x < nc; x++) {
            idx d = T[base + x];
            if (d < 0) continue;
            int xi = x ^ 1;
            T[(int64_t)d * nc + xi] = -1;
            idx mu = tc_rep(p, g), nu = tc_rep(p, d);
            idx s = T[(int64_t)mu * nc + x];
            if (s >= 0) { if (tc_merge(t, nu, s, &qlen) < 0) return -1; continue; }
            s = T[(int64_t)nu * nc + xi];
            if (s >= 0) { if (tc_merge(t, mu, s, &qlen) < 0) return -1; continue; }
            T[(int64_t)mu * nc + x] = nu;
            T[(int64_t)nu * nc + xi] = mu;
            if (t->felsch) tc_push(t, (int64_t)mu * nc + x);
        }
    }
    return 0;
}

/* SCAN (HEO p. 155): deductions and coincidences, never new cosets. */
static int tc_scan(TC *t, idx a, const int *w, int64_t len) {
    idx *T = t->T;
    int nc = t->nc;
    t->passes++;
    idx f = a;
    int64_t i = 0, j = len - 1;
    while (i <= j) {
        idx s = T[(int64_t)f * nc + w[i]];
        if (s < 0) break;
        f = s; i++;
    }
    if (i > j) return f != a ? tc_coincidence(t, f, a) : 0;
    idx b = a;
    while (j >= i) {
        idx s = T[(int64_t)b * nc + (w[j] ^ 1)];
        if (s < 0) break;
        b = s; j--;
    }
    if (j < i) return tc_coincidence(t, f, b);
    if (j == i) {
        T[(int64_t)f * nc + w[i]] = b;
        T[(int64_t)b * nc + (w[i] ^ 1)] = f;
        if (t->felsch) tc_push(t, (int64_t)f * nc + w[i]);
    }
    return 0;
}

/* SCANANDFILL (HEO p. 161); status 1 when the table ran full. */
static int tc_scan_and_fill(TC *t, idx a, const int *w, int64_t len) {
    int nc = t->nc;
    t->passes++;
    idx f = a, b = a;
    int64_t i = 0, j = len - 1;
    for (;;) {
        idx *T = t->T;
        while (i <= j) {
            idx s = T[(int64_t)f * nc + w[i]];
            if (s < 0) break;
            f = s; i++;
        }
        if (i > j) return f != a ? tc_coincidence(t, f, a) : 0;
        while (j >= i) {
            idx s = T[(int64_t)b * nc + (w[j] ^ 1)];
            if (s < 0) break;
            b = s; j--;
        }
        if (j < i) return tc_coincidence(t, f, b);
        if (j == i) {
            T[(int64_t)f * nc + w[i]] = b;
            T[(int64_t)b * nc + (w[i] ^ 1)] = f;
            if (t->felsch) tc_push(t, (int64_t)f * nc + w[i]);
            return 0;
        }
        idx c;
        int st = tc_define(t, f, w[i], &c);
        if (st) return st;
    }
}

/* COMPRESS (HEO p. 167); fills new_of[old] (or -1) for the old n cosets. */
static int tc_compress(TC *t, idx *new_of) {
    int nc = t->nc;
    int64_t k = 0, n = t->n;
    idx *T = t->T, *p = t->p;
    for (int64_t c = 0; c < n; c++) new_of[c] = (p[c] == c) ? (idx)(k++) : -1;
    for (int64_t c = 0; c < n; c++) {
        idx nw = new_of[c];
        if (nw < 0) continue;
        idx *src = T + c * nc, *dst = T + (int64_t)nw * nc;
        for (int x = 0; x < nc; x++) {
            idx s = src[x];
            dst[x] = s >= 0 ? new_of[s] : -1;
        }
    }
    memset(T + k * nc, 0xff, (size_t)(n - k) * (size_t)nc * sizeof(idx));
    for (int64_t c = 0; c < n; c++) p[c] = (idx)c;
    t->n = k;
    t->live = k;
    if (t->sp) { t->sp = 0; t->overflow = 1; }
    return 0;
}

static int64_t position_after(const idx *new_of, int64_t old_n, int64_t a, int64_t n) {
    for (; a < old_n; a++) if (new_of[a] >= 0) return new_of[a];
    return n;
}

/* Compress when full; status 1 when nothing was freed (limit reached). */
static int tc_make_room(TC *t, int64_t *a) {
    int64_t before = t->n;
    idx *new_of = (idx *)PyMem_RawMalloc((size_t)(before > 0 ? before : 1) * sizeof(idx));
    if (!new_of) { PyErr_NoMemory(); return -1; }
    tc_compress(t, new_of);
    if (a) *a = position_after(new_of, before, *a, t->n);
    PyMem_RawFree(new_of);
    return t->n >= before ? 1 : 0;
}

static int tc_process_deductions(TC *t, const WordList *conj, const WordList *rels) {
    int nc = t->nc;
    for (;;) {
        while (t->sp > 0) {
            int64_t e = t->stack[--t->sp];
            idx c = (idx)(e / nc);
            int x = (int)(e % nc);
            if (t->p[c] != c) continue;
            const WordList *cw = &conj[x];
            for (int64_t k = 0; k < cw->count; k++) {
                if (tc_scan(t, c, cw->data + cw->start[k], cw->start[k + 1] - cw->start[k]) < 0)
                    return -1;
                if (t->p[c] != c) break;
            }
            if (t->p[c] != c) continue;
            idx d = t->T[e];
            if (d < 0) continue;
            cw = &conj[x ^ 1];
            for (int64_t k = 0; k < cw->count; k++) {
                if (tc_scan(t, d, cw->data + cw->start[k], cw->start[k + 1] - cw->start[k]) < 0)
                    return -1;
                if (t->p[d] != d) break;
            }
        }
        if (!t->overflow) return 0;
        t->overflow = 0;
        for (int64_t c = 0; c < t->n; c++) {
            for (int64_t k = 0; k < rels->count; k++) {
                if (t->p[c] != c) break;
                if (tc_scan(t, (idx)c, rels->data + rels->start[k],
                            rels->start[k + 1] - rels->start[k]) < 0)
                    return -1;
            }
        }
    }
}

/* HLT with lookahead (HEO pp. 161-163); status 1 when over the limit. */
static int tc_hlt(TC *t, const WordList *rels) {
    int nc = t->nc;
    int64_t a = 0;
    while (a < t->n) {
        if (t->p[a] != a) { a++; continue; }
        int st = 0;
        for (int64_t k = 0; k < rels->count; k++) {
            st = tc_scan_and_fill(t, (idx)a, rels->data + rels->start[k],
                                  rels->start[k + 1] - rels->start[k]);
            if (st || t->p[a] != a) break;
        }
        if (st < 0) return -1;
        if (!st && t->p[a] == a) {
            for (int x = 0; x < nc; x++) {
                if (t->T[a * nc + x] < 0) {
                    idx c;
                    st = tc_define(t, (idx)a, x, &c);
                    if (st) break;
                }
            }
            if (st < 0) return -1;
        }
        if (!st) { a++; continue; }
        /* Lookahead: scan the cosets from a on, without defining (HEO p. 163). */
        for (int64_t c = a; c < t->n; c++) {
            for (int64_t k = 0; k < rels->count; k++) {
                if (t->p[c] != c) break;
                if (tc_scan(t, (idx)c, rels->data + rels->start[k],
                            rels->start[k + 1] - rels->start[k]) < 0)
                    return -1;
            }
        }
        st = tc_make_room(t, &a);
        if (st) return st;
    }
    return 0;
}

/* Felsch (HEO pp. 164-166); status 1 when over the limit. */
static int tc_felsch(TC *t, const WordList *conj, const WordList *rels) {
    int nc = t->nc;
    int64_t a = 0;
    while (a < t->n) {
        int x = 0;
        while (x < nc && t->p[a] == a) {
            if (t->T[a * nc + x] < 0) {
                idx c;
                int st = tc_define(t, (idx)a, x, &c);
                if (st < 0) return -1;
                if (st == 1) {
                    st = tc_make_room(t, &a);
                    if (st) return st;
                    x = 0;
                    if (a >= t->n) break;
                    continue;
                }
                if (tc_process_deductions(t, conj, rels) < 0) return -1;
            }
            x++;
        }
        a++;
    }
    return 0;
}

/* STANDARDIZE (HEO pp. 167-168) into a fresh bytes object. */
static PyObject *tc_standardized_bytes(TC *t) {
    int nc = t->nc;
    int64_t n = t->n;
    idx *new_of = (idx *)PyMem_RawMalloc((size_t)n * sizeof(idx));
    idx *order = (idx *)PyMem_RawMalloc((size_t)n * sizeof(idx));
    if (!new_of || !order) { PyMem_RawFree(new_of); PyMem_RawFree(order); return PyErr_NoMemory(); }
    for (int64_t c = 0; c < n; c++) new_of[c] = -1;
    new_of[0] = 0; order[0] = 0;
    int64_t k = 1;
    for (int64_t i = 0; i < k; i++) {
        const idx *row = t->T + (int64_t)order[i] * nc;
        for (int x = 0; x < nc; x++) {
            idx d = row[x];
            if (new_of[d] < 0) { new_of[d] = (idx)k; order[k++] = d; }
        }
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(k * nc * (int64_t)sizeof(idx)));
    if (out) {
        idx *dst = (idx *)PyBytes_AS_STRING(out);
        for (int64_t i = 0; i < k; i++) {
            const idx *row = t->T + (int64_t)order[i] * nc;
            for (int x = 0; x < nc; x++) dst[i * nc + x] = new_of[row[x]];
        }
    }
    PyMem_RawFree(new_of);
    PyMem_RawFree(order);
    return out;
}

static int wordlist_from(PyObject *seq, WordList *wl, int nc, const char *what) {
    PyObject *fast = PySequence_Fast(seq, what);
    if (!fast) return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(fast);
    int64_t total = 0;
    for (Py_ssize_t k = 0; k < m; k++) {
        Py_ssize_t len = PySequence_Size(PySequence_Fast_GET_ITEM(fast, k));
        if (len < 0) { Py_DECREF(fast); return -1; }
        total += len;
    }
    wl->data = (int *)PyMem_RawMalloc((size_t)(total > 0 ? total : 1) * sizeof(int));
    wl->start = (int64_t *)PyMem_RawMalloc((size_t)(m + 1) * sizeof(int64_t));
    wl->count = m;
    if (!wl->data || !wl->start) { Py_DECREF(fast); PyErr_NoMemory(); return -1; }
    int64_t pos = 0;
    for (Py_ssize_t k = 0; k < m; k++) {
        wl->start[k] = pos;
        PyObject *w = PySequence_Fast(PySequence_Fast_GET_ITEM(fast, k), what);
        if (!w) { Py_DECREF(fast); return -1; }
        Py_ssize_t len = PySequence_Fast_GET_SIZE(w);
        for (Py_ssize_t i = 0; i < len; i++) {
            long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(w, i));
            if (v == -1 && PyErr_Occurred()) { Py_DECREF(w); Py_DECREF(fast); return -1; }
            if (v < 0 || v >= nc) {
                PyErr_Format(PyExc_ValueError, "%s: column %ld out of range 0..%d", what, v, nc - 1);
                Py_DECREF(w); Py_DECREF(fast); return -1;
            }
            wl->data[pos++] = (int)v;
        }
        Py_DECREF(w);
    }
    wl->start[m] = pos;
    Py_DECREF(fast);
    return 0;
}

static void wordlist_free(WordList *wl) {
    PyMem_RawFree(wl->data);
    PyMem_RawFree(wl->start);
    wl->data = NULL;
    wl->start = NULL;
}

static PyObject *py_enumerate(PyObject *self, PyObject *args) {
    (void)self;
    int nc, felsch;
    long long maxc, interval;
    PyObject *rels_obj, *sub_obj, *conj_obj, *report;
    if (!PyArg_ParseTuple(args, "iOOOLpOL", &nc, &rels_obj, &sub_obj, &conj_obj, &maxc, &felsch,
                          &report, &interval))
        return NULL;
    if (nc < 2 || nc % 2 || maxc < 1 || maxc > INT32_MAX - 1 || interval < 1) {
        PyErr_SetString(PyExc_ValueError, "_tc_kernel.enumerate: bad ncols, max_cosets or interval");
        return NULL;
    }
    WordList rels = {0}, sub = {0};
    WordList *conj = (WordList *)PyMem_RawCalloc((size_t)nc, sizeof(WordList));
    TC t;
    memset(&t, 0, sizeof t);
    PyObject *result = NULL;
    if (!conj) { PyErr_NoMemory(); goto done; }
    if (wordlist_from(rels_obj, &rels, nc, "relators") < 0) goto done;
    if (wordlist_from(sub_obj, &sub, nc, "subgroup") < 0) goto done;
    if (felsch) {
        PyObject *fast = PySequence_Fast(conj_obj, "conjugates");
        if (!fast) goto done;
        if (PySequence_Fast_GET_SIZE(fast) != nc) {
            Py_DECREF(fast);
            PyErr_SetString(PyExc_ValueError, "conjugates: one list per column expected");
            goto done;
        }
        for (int x = 0; x < nc; x++) {
            if (wordlist_from(PySequence_Fast_GET_ITEM(fast, x), &conj[x], nc, "conjugates") < 0) {
                Py_DECREF(fast);
                goto done;
            }
        }
        Py_DECREF(fast);
    }
    t.nc = nc;
    t.maxc = maxc;
    t.cap = maxc < INITIAL_ROWS ? maxc : INITIAL_ROWS;
    t.T = (idx *)PyMem_RawMalloc((size_t)t.cap * (size_t)nc * sizeof(idx));
    t.p = (idx *)PyMem_RawMalloc((size_t)t.cap * sizeof(idx));
    t.stack = (int64_t *)PyMem_RawMalloc((size_t)DEDUCTION_LIMIT * sizeof(int64_t));
    if (!t.T || !t.p || !t.stack) { PyErr_NoMemory(); goto done; }
    memset(t.T, 0xff, (size_t)t.cap * (size_t)nc * sizeof(idx));
    for (int64_t i = 0; i < t.cap; i++) t.p[i] = (idx)i;
    t.n = 1; t.defined = 1; t.live = 1;
    t.felsch = felsch;
    t.report = report == Py_None ? NULL : report;
    t.interval = interval;
    t.next_report = interval;

    int st = 0;
    for (int64_t k = 0; k < sub.count && st == 0; k++) {
        for (;;) {
            st = tc_scan_and_fill(&t, 0, sub.data + sub.start[k], sub.start[k + 1] - sub.start[k]);
            if (st != 1) break;
            st = tc_make_room(&t, NULL);
            if (st) break;
        }
        if (st == 0 && felsch) st = tc_process_deductions(&t, conj, &rels);
    }
    if (st == 0) st = felsch ? tc_felsch(&t, conj, &rels) : tc_hlt(&t, &rels);
    if (st < 0) goto done;
    if (st == 1) {
        result = Py_BuildValue("OLLL", Py_None, (long long)t.defined, (long long)t.live,
                               (long long)t.passes);
        goto done;
    }
    if (t.live != t.n) {
        idx *new_of = (idx *)PyMem_RawMalloc((size_t)t.n * sizeof(idx));
        if (!new_of) { PyErr_NoMemory(); goto done; }
        tc_compress(&t, new_of);
        PyMem_RawFree(new_of);
    }
    {
        PyObject *bytes = tc_standardized_bytes(&t);
        if (!bytes) goto done;
        result = Py_BuildValue("NLLL", bytes, (long long)t.defined, (long long)t.live,
                               (long long)t.passes);
    }
done:
    wordlist_free(&rels);
    wordlist_free(&sub);
    if (conj) {
        for (int x = 0; x < nc; x++) wordlist_free(&conj[x]);
        PyMem_RawFree(conj);
    }
    PyMem_RawFree(t.T);
    PyMem_RawFree(t.p);
    PyMem_RawFree(t.stack);
    PyMem_RawFree(t.queue);
    return result;
}

static PyMethodDef methods[] = {
    {"enumerate", py_enumerate, METH_VARARGS,
     "enumerate(ncols, relators, subgroup, conjugates, max_cosets, felsch, report, interval)\n"
     "-> (standardized int32 table bytes or None, defined, live, passes)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_tc_kernel",
    "Compiled Todd-Coxeter coset enumeration (private; see repkit.groups.todd_coxeter).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__tc_kernel(void) { return PyModule_Create(&module); }
