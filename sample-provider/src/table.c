/*
 * table.c - the generic IMAPITable (see table.h).
 *
 * State: the column set, an optional restriction and sort order (deep copies), and the "view":
 * the restricted, sorted array of row references, rebuilt lazily when the restriction or sort
 * changes (Restrict / SortTable, also with TBL_BATCH) or when the source's generation changes.
 * The cursor is an index into the view.
 *
 * Categorized sorts (cCategories > 0) group the sorted rows under heading rows, one per distinct
 * value of each category column, as Exchange and PST contents tables do. `full` holds every
 * heading and leaf in order; the view is the part of it under expanded headings only. Headings
 * keep their instance key and expanded state across refreshes (matched by level, parent and value).
 */
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "notify.h"
#include "table.h"

#define MAX_BOOKMARKS 64
#define BOOKMARK_FIRST 3 /* 0..2 are BOOKMARK_BEGINNING / _CURRENT / _END */

typedef struct Bookmark {
    int used;
    int atEnd;
    ULONG key;  /* row key of the bookmarked row */
    ULONG head; /* nonzero: the key is a heading's */
    ULONG pos;  /* its position when created (fallback if the row went away) */
} Bookmark;

#define NO_PARENT 0xFFFFFFFFu
/* A heading row's PR_INSTANCE_KEY: its 4-byte key then this marker, so that no leaf's 4-byte key
 * (and no other heading's) is ever equal to it. */
static const BYTE g_headMark[4] = {'H', 'D', 'N', 'G'};

typedef struct Heading {
    ULONG level;
    ULONG parent; /* index in heads, or NO_PARENT */
    ULONG key;    /* unique in this table, kept across refreshes */
    ULONG count;  /* leaf rows under it (PR_CONTENT_COUNT) */
    ULONG unread; /* of which without MSGFLAG_READ (PR_CONTENT_UNREAD) */
    int expanded;
    int taken;               /* refresh: this (old) heading was matched by a new one */
    const SPropValue *value; /* its category value, copied (NULL: the rows lack the column) */
} Heading;

typedef struct Table {
    ObjHeader hdr;
    const TableSourceOps *ops;
    void *ctx;
    ULONG ulFlags; /* MAPI_UNICODE from the Get*Table call */
    ULONG *cols;
    ULONG cCols;
    SRestriction *res;
    SSortOrderSet *sort;
    TableRow *view;
    ULONG cView;
    int viewValid;
    int resetCursor; /* the next rebuild moves the cursor to the beginning */
    ULONG viewGen;
    ULONG pos;
    Bookmark bookmarks[MAX_BOOKMARKS];
    /* Categorized view (cats > 0): the levels and headings the current view was built with. */
    ULONG cats;
    TableRow *full; /* headings and leaves, collapsed ones too */
    ULONG cFull;
    ULONG *nextVisible; /* per full index: the view index of it or of the next visible row */
    Heading *heads;
    ULONG cHeads;
    Arena headValues;
    ULONG nextHeadKey;
    /* Conformance knobs (README.md "Conformance knobs"): the CONF_TABLE_* bits of a hierarchy or
     * contents table, and stores.missingColumn's id for the stores table (0: none). */
    ULONG conform;
    ULONG missingId;
} Table;

static Table *T(IMAPITable *This) { return (Table *)This; }
#define LOCK(t) DS_Lock((t)->hdr.ds)
#define UNLOCK(t) DS_Unlock((t)->hdr.ds)

/* ==============================================================================================
 * View building
 * ============================================================================================ */
typedef struct RowCtx {
    Table *t;
    const TableRow *row;
} RowCtx;

static const SPropValue *TableLong(Arena *scratch, ULONG tag, ULONG value)
{
    SPropValue *v = Arena_Alloc(scratch, sizeof *v);
    if (v) {
        v->ulPropTag = tag;
        v->dwAlignPad = 0;
        v->Value.l = (LONG)value;
    }
    return v;
}

/* A heading row's cells: its own columns, and the category values of its level and those above. */
static const SPropValue *HeadingCell(Table *t, const TableRow *row, ULONG propId, Arena *scratch)
{
    const Heading *h = &t->heads[row->head - 1];
    switch (propId) {
    case PROP_ID(PR_ROW_TYPE):
        return TableLong(scratch, PR_ROW_TYPE,
                         h->count == 0  ? TBL_EMPTY_CATEGORY
                         : h->expanded ? TBL_EXPANDED_CATEGORY
                                       : TBL_COLLAPSED_CATEGORY);
    case PROP_ID(PR_DEPTH): return TableLong(scratch, PR_DEPTH, h->level);
    case PROP_ID(PR_CONTENT_COUNT): return TableLong(scratch, PR_CONTENT_COUNT, h->count);
    case PROP_ID(PR_CONTENT_UNREAD): return TableLong(scratch, PR_CONTENT_UNREAD, h->unread);
    default: break;
    }
    for (const Heading *a = h; a; a = a->parent == NO_PARENT ? NULL : &t->heads[a->parent])
        if (PROP_ID(t->sort->aSort[a->level].ulPropTag) == propId)
            return a->value;
    return NULL; /* every other column of a heading row is empty */
}

ULONG Table_InstanceKey(ULONG key, ULONG head, BYTE out[8])
{
    out[0] = (BYTE)key, out[1] = (BYTE)(key >> 8);
    out[2] = (BYTE)(key >> 16), out[3] = (BYTE)(key >> 24);
    if (head)
        memcpy(out + 4, g_headMark, 4);
    return head ? 8 : 4;
}

/* A cell of a row: PR_INSTANCE_KEY is the table's own, and so are a categorized view's PR_ROW_TYPE
 * and PR_DEPTH and its heading rows; everything else comes from the source. */
static const SPropValue *Cell(Table *t, const TableRow *row, ULONG propId, Arena *scratch)
{
    if (t->missingId && propId == t->missingId)
        return NULL; /* stores.missingColumn */
    if (propId == PROP_ID(PR_INSTANCE_KEY)) {
        SPropValue *v = Arena_Alloc(scratch, sizeof *v);
        BYTE *b = Arena_Alloc(scratch, 8);
        if (!v || !b)
            return NULL;
        v->ulPropTag = PR_INSTANCE_KEY;
        v->dwAlignPad = 0;
        v->Value.bin.cb = Table_InstanceKey(row->key, row->head, b);
        v->Value.bin.lpb = b;
        return v;
    }
    if (row->head)
        return HeadingCell(t, row, propId, scratch);
    if (t->cats && propId == PROP_ID(PR_ROW_TYPE))
        return TableLong(scratch, PR_ROW_TYPE, TBL_LEAF_ROW);
    if (t->cats && propId == PROP_ID(PR_DEPTH))
        return TableLong(scratch, PR_DEPTH, t->cats);
    return t->ops->cell(t->ctx, row, propId, scratch);
}

static const SPropValue *RowGet(void *ctx, ULONG propId, Arena *scratch)
{
    RowCtx *rc = ctx;
    return Cell(rc->t, rc->row, propId, scratch);
}

/* Sort keys: keys[i * cSorts + j] is row i's value for sort column j (NULL when missing). */
typedef struct SortCtx {
    const SSortOrderSet *sort;
    const SPropValue **keys;
} SortCtx;

static int CompareRows(const SortCtx *sc, ULONG a, ULONG b)
{
    ULONG n = sc->sort->cSorts;
    for (ULONG j = 0; j < n; j++) {
        const SPropValue *x = sc->keys[(size_t)a * n + j], *y = sc->keys[(size_t)b * n + j];
        int c;
        if (!x || !y) {
            c = (x != NULL) - (y != NULL); /* missing values sort first (ascending) */
        } else if (Prop_Comparable(PROP_TYPE(x->ulPropTag), PROP_TYPE(y->ulPropTag))) {
            c = Prop_Compare(x, y, 1); /* strings: case-insensitive */
        } else {
            ULONG tx = PROP_TYPE(x->ulPropTag), ty = PROP_TYPE(y->ulPropTag);
            c = tx < ty ? -1 : tx > ty ? 1 : 0;
        }
        if (c)
            return sc->sort->aSort[j].ulOrder == TABLE_SORT_DESCEND ? -c : c;
    }
    return a < b ? -1 : a > b ? 1 : 0; /* stable: natural order breaks ties */
}

/* Bottom-up merge sort of idx[0..n) (stable, O(n log n), no recursion). */
static int MergeSort(ULONG *idx, ULONG n, const SortCtx *sc)
{
    ULONG *tmp = malloc((size_t)n * sizeof *tmp);
    if (!tmp)
        return 0;
    ULONG *src = idx, *dst = tmp;
    for (ULONG width = 1; width < n; width *= 2) {
        for (ULONG lo = 0; lo < n; lo += 2 * width) {
            ULONG mid = lo + width < n ? lo + width : n;
            ULONG hi = lo + 2 * width < n ? lo + 2 * width : n;
            ULONG i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = CompareRows(sc, src[i], src[j]) <= 0 ? src[i++] : src[j++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        ULONG *s = src;
        src = dst;
        dst = s;
    }
    if (src != idx)
        memcpy(idx, src, (size_t)n * sizeof *idx);
    free(tmp);
    return 1;
}

/* Deep copy of a scratch value into the key arena. */
static const SPropValue *KeepValue(Arena *keys, const SPropValue *v)
{
    if (!v)
        return NULL;
    ULONG t = PROP_TYPE(v->ulPropTag);
    size_t payload = Prop_PayloadSize(v, t);
    SPropValue *copy = Arena_Alloc(keys, sizeof *copy + payload);
    if (copy)
        Prop_CopyInto(copy, v, t, copy + 1);
    return copy;
}

static HRESULT SortRows(Table *t, TableRow *rows, ULONG n)
{
    const SSortOrderSet *sort = t->sort;
    ULONG ns = sort->cSorts;
    if (n < 2 || ns == 0)
        return S_OK;
    HRESULT hr = MAPI_E_NOT_ENOUGH_MEMORY;
    Arena keyArena = {0}, scratch = {0};
    const SPropValue **keys = malloc((size_t)n * ns * sizeof *keys);
    ULONG *idx = malloc((size_t)n * sizeof *idx);
    TableRow *sorted = malloc((size_t)n * sizeof *sorted);
    if (!keys || !idx || !sorted)
        goto done;
    for (ULONG i = 0; i < n; i++) {
        idx[i] = i;
        for (ULONG j = 0; j < ns; j++) {
            const SPropValue *v = Cell(t, &rows[i], PROP_ID(sort->aSort[j].ulPropTag), &scratch);
            keys[(size_t)i * ns + j] = KeepValue(&keyArena, v);
            if (v && !keys[(size_t)i * ns + j])
                goto done;
        }
        Arena_Reset(&scratch);
    }
    SortCtx sc = {sort, keys};
    if (!MergeSort(idx, n, &sc))
        goto done;
    for (ULONG i = 0; i < n; i++)
        sorted[i] = rows[idx[i]];
    memcpy(rows, sorted, (size_t)n * sizeof *rows);
    hr = S_OK;
done:
    Arena_Free(&scratch);
    Arena_Free(&keyArena);
    free(keys);
    free(idx);
    free(sorted);
    return hr;
}

static ULONG FindKey(const Table *t, ULONG key, ULONG head, int *found)
{
    for (ULONG i = 0; i < t->cView; i++)
        if (t->view[i].key == key && (t->view[i].head != 0) == (head != 0)) {
            *found = 1;
            return i;
        }
    *found = 0;
    return 0;
}

/* ==============================================================================================
 * Categories
 * ============================================================================================ */
/* Two category values group together: both missing, or equal as the sort compares them. */
static int SameCategory(const SPropValue *x, const SPropValue *y)
{
    if (!x || !y)
        return !x && !y;
    ULONG tx = PROP_TYPE(x->ulPropTag), ty = PROP_TYPE(y->ulPropTag);
    return Prop_Comparable(tx, ty) ? Prop_Compare(x, y, 1) == 0 : tx == ty;
}

/* Gives `h` the key and state of the old heading it continues (same level, parent and value), or
 * a new key and the sort's initial state. Quadratic, so big refreshes give up matching. */
static void AdoptHeading(Table *t, Heading *heads, ULONG i, Heading *old, ULONG cOld, ULONG *oldOf)
{
    Heading *h = &heads[i];
    oldOf[i] = NO_PARENT;
    if ((uint64_t)cOld * (h - heads + 1) <= (1u << 24))
        for (ULONG j = 0; j < cOld; j++) {
            Heading *o = &old[j];
            ULONG wantParent = h->parent == NO_PARENT ? NO_PARENT : oldOf[h->parent];
            if (!o->taken && o->level == h->level && o->parent == wantParent &&
                (h->parent == NO_PARENT || wantParent != NO_PARENT) &&
                SameCategory(o->value, h->value)) {
                o->taken = 1;
                oldOf[i] = j;
                h->key = o->key;
                h->expanded = o->expanded;
                return;
            }
        }
    h->key = t->nextHeadKey++;
    h->expanded = h->level < t->sort->cExpanded;
}

typedef struct CatBuild {
    TableRow *full;
    Heading *heads;
    ULONG *oldOf;
    ULONG cFull, cHeads;
    Arena values;
} CatBuild;

/* Adds the headings leaf `row` opens (levels from `from` down) and the leaf itself. */
static int CatAddLeaf(Table *t, CatBuild *b, const TableRow *row, const SPropValue **vals,
                      ULONG from, ULONG *open)
{
    ULONG c = t->cats;
    for (ULONG L = from; L < c; L++) {
        Heading *h = &b->heads[b->cHeads];
        memset(h, 0, sizeof *h);
        h->level = L;
        h->parent = L ? open[L - 1] : NO_PARENT;
        h->value = KeepValue(&b->values, vals[L]);
        if (vals[L] && !h->value)
            return 0;
        AdoptHeading(t, b->heads, b->cHeads, t->heads, t->cHeads, b->oldOf);
        open[L] = b->cHeads++;
        TableRow *hr = &b->full[b->cFull++];
        hr->p = NULL;
        hr->key = h->key;
        hr->depth = L;
        hr->head = open[L] + 1;
    }
    b->full[b->cFull++] = *row;
    return 1;
}

/* Builds the headings and the full row list of a categorized view from the sorted leaves. */
static HRESULT Categorize(Table *t, const TableRow *leaves, ULONG n, CatBuild *b)
{
    ULONG c = t->cats;
    HRESULT hr = MAPI_E_NOT_ENOUGH_MEMORY;
    Arena scratch = {0};
    const SPropValue **vals = calloc(c, sizeof *vals);
    ULONG *open = calloc(c, sizeof *open);
    memset(b, 0, sizeof *b);
    b->full = malloc(((size_t)n * (c + 1) + 1) * sizeof *b->full);
    b->heads = malloc(((size_t)n * c + 1) * sizeof *b->heads);
    b->oldOf = malloc(((size_t)n * c + 1) * sizeof *b->oldOf);
    if (!vals || !open || !b->full || !b->heads || !b->oldOf)
        goto done;
    for (ULONG i = 0; i < t->cHeads; i++)
        t->heads[i].taken = 0;
    for (ULONG i = 0; i < n; i++) {
        ULONG from = i == 0 ? 0 : c;
        for (ULONG L = 0; L < c; L++) {
            vals[L] = Cell(t, &leaves[i], PROP_ID(t->sort->aSort[L].ulPropTag), &scratch);
            if (from == c && !SameCategory(vals[L], b->heads[open[L]].value))
                from = L;
        }
        const SPropValue *flags = Cell(t, &leaves[i], PROP_ID(PR_MESSAGE_FLAGS), &scratch);
        int unread = flags && PROP_TYPE(flags->ulPropTag) == PT_LONG &&
                     !(flags->Value.ul & MSGFLAG_READ);
        if (!CatAddLeaf(t, b, &leaves[i], vals, from, open))
            goto done;
        for (ULONG L = 0; L < c; L++) {
            b->heads[open[L]].count++;
            b->heads[open[L]].unread += (ULONG)unread;
        }
        Arena_Reset(&scratch);
    }
    hr = S_OK;
done:
    Arena_Free(&scratch);
    free(vals);
    free(open);
    free(b->oldOf);
    b->oldOf = NULL;
    if (hr != S_OK) {
        free(b->full);
        free(b->heads);
        Arena_Free(&b->values);
    }
    return hr;
}

/* The view: the full list without what collapsed headings hide. */
static HRESULT BuildVisible(Table *t)
{
    TableRow *view = malloc(((size_t)t->cFull + 1) * sizeof *view);
    ULONG *next = malloc(((size_t)t->cFull + 1) * sizeof *next);
    if (!view || !next) {
        free(view);
        free(next);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    ULONG n = 0, hidden = NO_PARENT; /* the level of the collapsed heading we are under */
    for (ULONG i = 0; i < t->cFull; i++) {
        const TableRow *r = &t->full[i];
        ULONG depth = r->head ? t->heads[r->head - 1].level : t->cats;
        if (hidden != NO_PARENT && depth > hidden) {
            next[i] = NO_PARENT;
            continue;
        }
        hidden = r->head && !t->heads[r->head - 1].expanded ? depth : NO_PARENT;
        next[i] = n;
        view[n++] = *r;
    }
    /* A hidden row's "next visible row" is the first visible one after it. */
    for (ULONG i = t->cFull, following = n; i-- > 0;) {
        if (next[i] == NO_PARENT)
            next[i] = following;
        else
            following = next[i];
    }
    free(t->view);
    free(t->nextVisible);
    t->view = view;
    t->cView = n;
    t->nextVisible = next;
    return S_OK;
}

/* Where a row that is not in the view would be: the next visible row (collapsed under a heading)
 * or -1 (gone from the table). */
static int64_t HiddenPos(const Table *t, ULONG key, ULONG head)
{
    for (ULONG i = 0; i < t->cFull; i++)
        if (t->full[i].key == key && (t->full[i].head != 0) == (head != 0))
            return t->nextVisible[i];
    return -1;
}

static void FreeCategories(Table *t)
{
    free(t->full);
    free(t->heads);
    free(t->nextVisible);
    Arena_Free(&t->headValues);
    t->full = NULL;
    t->heads = NULL;
    t->nextVisible = NULL;
    t->cFull = t->cHeads = 0;
}

/* Replaces the categorized state with a new build of `rows` (sorted leaves; consumed). */
static HRESULT SetCategorized(Table *t, TableRow *rows, ULONG n)
{
    CatBuild b;
    HRESULT hr = Categorize(t, rows, n, &b);
    free(rows);
    if (hr != S_OK)
        return hr;
    FreeCategories(t);
    t->full = b.full;
    t->cFull = b.cFull;
    t->heads = b.heads;
    t->cHeads = b.cHeads;
    t->headValues = b.values;
    return BuildVisible(t);
}

/* ResRun.subs for a table row: the source's sub-objects of that row. */
static HRESULT RowSubs(void *ctx, SubObjs **out, int *owned)
{
    RowCtx *rc = ctx;
    if (!rc->t->ops->subObjects)
        return MAPI_E_NO_SUPPORT;
    return rc->t->ops->subObjects(rc->t->ctx, rc->row, out, owned);
}

/* ResRun.anr for a table row: the source's PR_ANR rule. */
static int RowAnr(void *ctx, const WCHAR *text)
{
    RowCtx *rc = ctx;
    return rc->t->ops->anr(rc->t->ctx, rc->row, text);
}

/* Keeps the rows that match the restriction, in their order. */
static HRESULT Filter(Table *t, TableRow *rows, ULONG *pn)
{
    Arena scratch = {0};
    ResRun run;
    ULONG kept = 0;
    HRESULT hr = Res_RunInit(&run, t->res);
    if (hr != S_OK)
        return hr;
    run.subs = RowSubs;
    run.anr = t->ops->anr ? RowAnr : NULL;
    for (ULONG i = 0; i < *pn; i++) {
        RowCtx rc = {t, &rows[i]};
        if (Res_Evaluate(t->res, &run, RowGet, &rc, &scratch))
            rows[kept++] = rows[i];
        Arena_Reset(&scratch);
    }
    Arena_Free(&scratch);
    Res_RunFree(&run);
    *pn = kept;
    return S_OK;
}

/* The source's rows, restricted now unless the restriction counts rows (RES_COUNT), which needs
 * them in sorted order: then EnsureView filters after sorting (sorting all rows costs more). */
static HRESULT RestrictedRows(Table *t, TableRow **pRows, ULONG *pn)
{
    TableRow *rows = NULL;
    ULONG n = 0;
    HRESULT hr = t->ops->rows(t->ctx, &rows, &n);
    if (FAILED(hr))
        return hr;
    for (ULONG i = 0; i < n; i++)
        rows[i].head = 0;
    if (t->res && !(t->sort && Res_HasCount(t->res)) && (hr = Filter(t, rows, &n)) != S_OK) {
        free(rows);
        return hr;
    }
    *pRows = rows;
    *pn = n;
    return S_OK;
}

/* After the view changed: the cursor back on row (key, head) if it is still visible, else on the
 * next visible row (collapsed away) or at oldPos (gone). */
static void KeepCursor(Table *t, int hadRow, ULONG key, ULONG head, ULONG oldPos)
{
    int found = 0;
    ULONG at = hadRow ? FindKey(t, key, head, &found) : 0;
    int64_t hidden = hadRow && !found ? HiddenPos(t, key, head) : -1;
    t->pos = found ? at : hidden >= 0 ? (ULONG)hidden : oldPos < t->cView ? oldPos : t->cView;
}

/* Makes the view current. Called with the lock held. */
static HRESULT EnsureView(Table *t)
{
    ULONG gen = t->ops->generation(t->ctx);
    if (t->viewValid && gen == t->viewGen)
        return S_OK;

    /* Remember where the cursor is, to keep it on the same row across a refresh. */
    int hadRow = t->viewValid && t->pos < t->cView;
    ULONG curKey = hadRow ? t->view[t->pos].key : 0, curHead = hadRow ? t->view[t->pos].head : 0;
    ULONG oldPos = t->pos;

    /* Leaf rows' PR_ROW_TYPE / PR_DEPTH depend on the categories; headings of an old build are
     * only needed to carry their state over. */
    t->cats = t->sort ? t->sort->cCategories : 0;
    TableRow *rows = NULL;
    ULONG n = 0;
    HRESULT hr = RestrictedRows(t, &rows, &n);
    if (FAILED(hr))
        return hr;
    if (t->sort && (hr = SortRows(t, rows, n)) != S_OK) {
        free(rows);
        return hr;
    }
    if (t->sort && Res_HasCount(t->res) && (hr = Filter(t, rows, &n)) != S_OK) {
        free(rows);
        return hr;
    }
    if (t->cats) {
        if ((hr = SetCategorized(t, rows, n)) != S_OK)
            return hr;
    } else {
        FreeCategories(t);
        free(t->view);
        t->view = rows;
        t->cView = n;
    }
    t->viewGen = gen;
    t->viewValid = 1;
    if (t->resetCursor) {
        t->pos = 0;
        t->resetCursor = 0;
    } else {
        KeepCursor(t, hadRow, curKey, curHead, oldPos);
    }
    return S_OK;
}

/* Resolves a bookmark to a position: S_OK, MAPI_W_POSITION_CHANGED (its row is gone) or
 * MAPI_E_INVALID_BOOKMARK. */
static HRESULT BookmarkPos(Table *t, BOOKMARK bk, ULONG *pos)
{
    if (bk == BOOKMARK_BEGINNING) {
        *pos = 0;
        return S_OK;
    }
    if (bk == BOOKMARK_CURRENT) {
        *pos = t->pos;
        return S_OK;
    }
    if (bk == BOOKMARK_END) {
        *pos = t->cView;
        return S_OK;
    }
    if (bk < BOOKMARK_FIRST || bk >= BOOKMARK_FIRST + MAX_BOOKMARKS ||
        !t->bookmarks[bk - BOOKMARK_FIRST].used)
        return MAPI_E_INVALID_BOOKMARK;
    Bookmark *b = &t->bookmarks[bk - BOOKMARK_FIRST];
    if (b->atEnd) {
        *pos = t->cView;
        return S_OK;
    }
    int found;
    ULONG at = FindKey(t, b->key, b->head, &found);
    if (found) {
        *pos = at;
        return S_OK;
    }
    /* Its row is collapsed away or gone: the next visible row, and the bookmark moves there. */
    int64_t hidden = HiddenPos(t, b->key, b->head);
    *pos = hidden >= 0 ? (ULONG)hidden : b->pos < t->cView ? b->pos : t->cView;
    b->atEnd = *pos >= t->cView;
    b->key = b->atEnd ? 0 : t->view[*pos].key;
    b->head = b->atEnd ? 0 : t->view[*pos].head;
    b->pos = *pos;
    return MAPI_W_POSITION_CHANGED;
}

/* ==============================================================================================
 * IUnknown
 * ============================================================================================ */
static const IID *const g_tTableIids[] = {&IID_IMAPITable};
static const QiSpec g_tableQi = {g_tTableIids, ARRAY_COUNT(g_tTableIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE Table_QueryInterface(IMAPITable *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&T(This)->hdr, &g_tableQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Table_AddRef(IMAPITable *This)
{
    return Obj_ComAddRef(&T(This)->hdr);
}
static ULONG STDMETHODCALLTYPE Table_Release(IMAPITable *This)
{
    return Obj_ComRelease(&T(This)->hdr);
}

static void Table_Destroy(ObjHeader *h)
{
    Table *t = (Table *)h;
    Notify_TableGone(h->ds, (LPMAPITABLE)t); /* its registrations go with it */
    t->ops->release(t->ctx); /* drops the references on the source objects */
    free(t->cols);
    Res_Free(t->res);
    free(t->sort);
    free(t->view);
    FreeCategories(t);
}

/* ==============================================================================================
 * IMAPITable
 * ============================================================================================ */
static HRESULT STDMETHODCALLTYPE Table_GetLastError(IMAPITable *This, HRESULT hResult,
                                                    ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&T(This)->hdr, hResult, ulFlags, lppMAPIError);
}

/* Contents and hierarchy tables notify (fnevTableModified); the others accept and never do. */
static HRESULT STDMETHODCALLTYPE Table_Advise(IMAPITable *This, ULONG ulEventMask,
                                              LPMAPIADVISESINK lpAdviseSink,
                                              ULONG_PTR *lpulConnection)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "Advise", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    NtfTarget target;
    memset(&target, 0, sizeof target);
    target.kind = NTF_REG_TABLE;
    target.table = This;
    target.ownerKind = NTF_OWNER_TABLE;
    target.ownerKey = (uintptr_t)This;
    return Notify_Advise(&t->hdr, "Advise", &target, ulEventMask, lpAdviseSink, lpulConnection);
}

static HRESULT STDMETHODCALLTYPE Table_Unadvise(IMAPITable *This, ULONG_PTR ulConnection)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "Unadvise", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    return Notify_Unadvise(&t->hdr, "Unadvise", NTF_OWNER_TABLE, (uintptr_t)This, ulConnection);
}

/* ---- What the notification engine needs (table.h) -------------------------------------------- */
void *Table_NtfScope(LPMAPITABLE table)
{
    Table *t = T(table);
    return t->ops->scope ? t->ops->scope(t->ctx) : NULL;
}

ULONG Table_NtfGeneration(LPMAPITABLE table)
{
    Table *t = T(table);
    return t->ops->generation(t->ctx);
}

HRESULT Table_NtfView(LPMAPITABLE table, const TableRow **rows, ULONG *n)
{
    Table *t = T(table);
    HRESULT hr = EnsureView(t);
    *rows = t->view;
    *n = SUCCEEDED(hr) ? t->cView : 0;
    return hr;
}

ULONG Table_NtfStamp(LPMAPITABLE table, const TableRow *row, Arena *scratch)
{
    Table *t = T(table);
    if (!row->head && t->ops->stamp)
        return t->ops->stamp(t->ctx, row);
    ULONG h = 2166136261u;
    for (ULONG c = 0; c < t->cCols; c++)
        h = Ntf_HashValue(h, t->cols[c] == PR_NULL ? NULL
                                                   : Cell(t, row, PROP_ID(t->cols[c]), scratch));
    return h;
}

HRESULT Table_NtfRow(LPMAPITABLE table, const TableRow *row, void *root, SRow *out)
{
    Table *t = T(table);
    LPSPropValue props = Alloc_More(root, (t->cCols ? t->cCols : 1) * sizeof(SPropValue));
    if (!props)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Arena scratch = {0};
    for (ULONG c = 0; c < t->cCols; c++) {
        ULONG tag = t->cols[c];
        const SPropValue *v = tag == PR_NULL ? NULL : Cell(t, row, PROP_ID(tag), &scratch);
        Props_CopyOut(root, &props[c], tag, v, t->ulFlags, Knobs_StreamOver(&t->hdr.ds->knobs));
    }
    Arena_Free(&scratch);
    out->ulAdrEntryPad = 0;
    out->cValues = t->cCols;
    out->lpProps = props;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_GetStatus(IMAPITable *This, ULONG *lpulTableStatus,
                                                 ULONG *lpulTableType)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "GetStatus", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpulTableStatus || !lpulTableType)
        return Obj_Fail(&t->hdr, "GetStatus", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lpulTableStatus = TBLSTAT_COMPLETE; /* every operation completes synchronously */
    *lpulTableType = TBLTYPE_DYNAMIC;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_SetColumns(IMAPITable *This, LPSPropTagArray lpPropTagArray,
                                                  ULONG ulFlags)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "SetColumns", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(TBL_BATCH | TBL_ASYNC))
        return Obj_Fail(&t->hdr, "SetColumns", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (!lpPropTagArray || lpPropTagArray->cValues == 0)
        return Obj_Fail(&t->hdr, "SetColumns", MAPI_E_INVALID_PARAMETER,
                        "the column set is NULL or empty");
    if (t->conform & CONF_TABLE_COLUMNS)
        return S_OK; /* table.columnsIgnored */
    ULONG *cols = malloc(lpPropTagArray->cValues * sizeof *cols);
    if (!cols)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(cols, lpPropTagArray->aulPropTag, lpPropTagArray->cValues * sizeof *cols);
    LOCK(t);
    free(t->cols);
    t->cols = cols;
    t->cCols = lpPropTagArray->cValues;
    Notify_TableViewChanged(t->hdr.ds, (LPMAPITABLE)t); /* no notifications for it */
    UNLOCK(t);
    return S_OK;
}

static HRESULT TagsToMapi(const ULONG *tags, ULONG n, LPSPropTagArray *lpp)
{
    LPSPropTagArray a = NULL;
    HRESULT hr = MAPIAllocateBuffer((ULONG)CbNewSPropTagArray(n), (void **)&a);
    if (hr != S_OK)
        return hr;
    a->cValues = n;
    if (n)
        memcpy(a->aulPropTag, tags, n * sizeof(ULONG));
    *lpp = a;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_QueryColumns(IMAPITable *This, ULONG ulFlags,
                                                    LPSPropTagArray *lpPropTagArray)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "QueryColumns", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpPropTagArray)
        return Obj_Fail(&t->hdr, "QueryColumns", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lpPropTagArray = NULL;
    if (ulFlags & ~TBL_ALL_COLUMNS)
        return Obj_Fail(&t->hdr, "QueryColumns", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    LOCK(t);
    if (ulFlags & TBL_ALL_COLUMNS) {
        TagList all = {0};
        hr = TagList_Add(&all, PR_INSTANCE_KEY) ? t->ops->allColumns(t->ctx, &all)
                                                : MAPI_E_NOT_ENOUGH_MEMORY;
        if (SUCCEEDED(hr)) {
            for (ULONG i = 0; i < all.c; i++)
                all.tags[i] = Prop_ListTag(all.tags[i], t->ulFlags);
            hr = TagsToMapi(all.tags, all.c, lpPropTagArray);
        }
        TagList_Free(&all);
    } else {
        hr = TagsToMapi(t->cols, t->cCols, lpPropTagArray);
    }
    UNLOCK(t);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_GetRowCount(IMAPITable *This, ULONG ulFlags,
                                                   ULONG *lpulCount)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "GetRowCount", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpulCount)
        return Obj_Fail(&t->hdr, "GetRowCount", MAPI_E_INVALID_PARAMETER, "NULL argument");
    if (ulFlags)
        return Obj_Fail(&t->hdr, "GetRowCount", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    LOCK(t);
    hr = EnsureView(t);
    if (hr == S_OK)
        *lpulCount = t->cView + ((t->conform & CONF_TABLE_ROW_COUNT) ? 1 : 0); /* table.rowCountOff */
    UNLOCK(t);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_SeekRow(IMAPITable *This, BOOKMARK bkOrigin, LONG lRowCount,
                                               LONG *lplRowsSought)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "SeekRow", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    LOCK(t);
    ULONG origin = 0;
    hr = EnsureView(t);
    if (SUCCEEDED(hr))
        hr = BookmarkPos(t, bkOrigin, &origin);
    if (SUCCEEDED(hr)) {
        int64_t target = (int64_t)origin + lRowCount;
        if (target < 0)
            target = 0;
        if (target > (int64_t)t->cView)
            target = t->cView;
        t->pos = (ULONG)target;
        if (lplRowsSought)
            *lplRowsSought = (LONG)(target - (int64_t)origin);
        if (lplRowsSought && bkOrigin == BOOKMARK_BEGINNING && (t->conform & CONF_TABLE_SEEK))
            ++*lplRowsSought; /* table.seekCount */
    }
    UNLOCK(t);
    if (FAILED(hr))
        return Obj_Fail(&t->hdr, "SeekRow", hr, "cannot seek from bookmark %lu",
                        (unsigned long)bkOrigin);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_SeekRowApprox(IMAPITable *This, ULONG ulNumerator,
                                                     ULONG ulDenominator)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "SeekRowApprox", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulDenominator == 0 || ulNumerator > ulDenominator)
        return Obj_Fail(&t->hdr, "SeekRowApprox", MAPI_E_INVALID_PARAMETER, "bad fraction %lu/%lu",
                        (unsigned long)ulNumerator, (unsigned long)ulDenominator);
    LOCK(t);
    hr = EnsureView(t);
    if (hr == S_OK)
        t->pos = (ULONG)((uint64_t)t->cView * ulNumerator / ulDenominator);
    UNLOCK(t);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_QueryPosition(IMAPITable *This, ULONG *lpulRow,
                                                     ULONG *lpulNumerator, ULONG *lpulDenominator)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "QueryPosition", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpulRow || !lpulNumerator || !lpulDenominator)
        return Obj_Fail(&t->hdr, "QueryPosition", MAPI_E_INVALID_PARAMETER, "NULL argument");
    LOCK(t);
    hr = EnsureView(t);
    if (hr == S_OK) {
        *lpulRow = t->pos;
        *lpulNumerator = t->pos;
        *lpulDenominator = t->cView ? t->cView : 1;
    }
    UNLOCK(t);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_FindRow(IMAPITable *This, LPSRestriction lpRestriction,
                                               BOOKMARK bkOrigin, ULONG ulFlags)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "FindRow", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~DIR_BACKWARD)
        return Obj_Fail(&t->hdr, "FindRow", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    if (!lpRestriction)
        return Obj_Fail(&t->hdr, "FindRow", MAPI_E_INVALID_PARAMETER, "NULL restriction");
    if ((hr = Res_Validate(lpRestriction)) != S_OK)
        return Obj_Fail(&t->hdr, "FindRow", hr, "unsupported or malformed restriction");
    LOCK(t);
    ULONG origin = 0;
    hr = EnsureView(t);
    if (SUCCEEDED(hr))
        hr = BookmarkPos(t, bkOrigin, &origin);
    ResRun run = {0};
    if (SUCCEEDED(hr)) {
        HRESULT warn = hr;
        hr = Res_RunInit(&run, lpRestriction);
        run.subs = RowSubs;
        run.anr = t->ops->anr ? RowAnr : NULL;
        if (hr == S_OK)
            hr = warn;
    }
    if (SUCCEEDED(hr)) {
        HRESULT warn = hr;
        Arena scratch = {0};
        int64_t found = -1;
        if (ulFlags & DIR_BACKWARD) {
            /* From the origin row (or the last row when the origin is the end) backwards. */
            int64_t from = origin < t->cView ? (int64_t)origin : (int64_t)t->cView - 1;
            for (int64_t i = from; i >= 0 && found < 0; i--) {
                RowCtx rc = {t, &t->view[i]};
                if (Res_Evaluate(lpRestriction, &run, RowGet, &rc, &scratch))
                    found = i;
                Arena_Reset(&scratch);
            }
        } else {
            for (ULONG i = origin; i < t->cView && found < 0; i++) {
                RowCtx rc = {t, &t->view[i]};
                if (Res_Evaluate(lpRestriction, &run, RowGet, &rc, &scratch))
                    found = i;
                Arena_Reset(&scratch);
            }
        }
        Arena_Free(&scratch);
        Res_RunFree(&run);
        if (found >= 0) {
            t->pos = (ULONG)found;
            hr = warn;
        } else {
            hr = MAPI_E_NOT_FOUND;
        }
    }
    UNLOCK(t);
    if (FAILED(hr))
        return Obj_Fail(&t->hdr, "FindRow", hr, "no matching row");
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_Restrict(IMAPITable *This, LPSRestriction lpRestriction,
                                                ULONG ulFlags)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "Restrict", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(TBL_BATCH | TBL_ASYNC))
        return Obj_Fail(&t->hdr, "Restrict", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    SRestriction *copy = NULL;
    if (lpRestriction) {
        if ((hr = Res_Validate(lpRestriction)) != S_OK)
            return Obj_Fail(&t->hdr, "Restrict", hr,
                            hr == MAPI_E_TOO_COMPLEX ? "restriction type not supported"
                                                     : "malformed restriction");
        if ((hr = Res_Copy(lpRestriction, &copy)) != S_OK)
            return hr;
    }
    if (t->conform & CONF_TABLE_RESTRICT) {
        Res_Free(copy); /* table.restrictIgnored */
        return S_OK;
    }
    LOCK(t);
    Res_Free(t->res);
    t->res = copy;
    t->viewValid = 0; /* evaluated lazily: TBL_BATCH needs nothing more */
    t->resetCursor = 1;
    Notify_TableViewChanged(t->hdr.ds, (LPMAPITABLE)t); /* no notifications for it */
    UNLOCK(t);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_CreateBookmark(IMAPITable *This, BOOKMARK *lpbkPosition)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "CreateBookmark", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpbkPosition)
        return Obj_Fail(&t->hdr, "CreateBookmark", MAPI_E_INVALID_PARAMETER, "NULL argument");
    LOCK(t);
    hr = EnsureView(t);
    if (hr == S_OK) {
        hr = MAPI_E_UNABLE_TO_COMPLETE;
        for (ULONG i = 0; i < MAX_BOOKMARKS; i++) {
            Bookmark *b = &t->bookmarks[i];
            if (!b->used) {
                b->used = 1;
                b->atEnd = t->pos >= t->cView;
                b->key = b->atEnd ? 0 : t->view[t->pos].key;
                b->head = b->atEnd ? 0 : t->view[t->pos].head;
                b->pos = t->pos;
                *lpbkPosition = BOOKMARK_FIRST + i;
                hr = S_OK;
                break;
            }
        }
    }
    UNLOCK(t);
    if (FAILED(hr))
        return Obj_Fail(&t->hdr, "CreateBookmark", hr, "no free bookmark (max %d)", MAX_BOOKMARKS);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_FreeBookmark(IMAPITable *This, BOOKMARK bkPosition)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "FreeBookmark", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (bkPosition <= BOOKMARK_END)
        return S_OK; /* the predefined bookmarks need no freeing */
    LOCK(t);
    if (bkPosition < BOOKMARK_FIRST + MAX_BOOKMARKS &&
        t->bookmarks[bkPosition - BOOKMARK_FIRST].used)
        t->bookmarks[bkPosition - BOOKMARK_FIRST].used = 0;
    else
        hr = MAPI_E_INVALID_BOOKMARK;
    UNLOCK(t);
    if (FAILED(hr))
        return Obj_Fail(&t->hdr, "FreeBookmark", hr, "unknown bookmark %lu",
                        (unsigned long)bkPosition);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_SortTable(IMAPITable *This, LPSSortOrderSet lpSortCriteria,
                                                 ULONG ulFlags)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "SortTable", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(TBL_BATCH | TBL_ASYNC))
        return Obj_Fail(&t->hdr, "SortTable", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (!lpSortCriteria)
        return Obj_Fail(&t->hdr, "SortTable", MAPI_E_INVALID_PARAMETER, "NULL sort order");
    if (lpSortCriteria->cCategories > lpSortCriteria->cSorts ||
        lpSortCriteria->cExpanded > lpSortCriteria->cCategories)
        return Obj_Fail(&t->hdr, "SortTable", MAPI_E_INVALID_PARAMETER,
                        "%lu categories and %lu expanded for %lu sort columns",
                        (unsigned long)lpSortCriteria->cCategories,
                        (unsigned long)lpSortCriteria->cExpanded,
                        (unsigned long)lpSortCriteria->cSorts);
    for (ULONG i = 0; i < lpSortCriteria->cSorts; i++) {
        const SSortOrder *o = &lpSortCriteria->aSort[i];
        if (o->ulOrder != TABLE_SORT_ASCEND && o->ulOrder != TABLE_SORT_DESCEND)
            return Obj_Fail(
                &t->hdr, "SortTable",
                o->ulOrder == TABLE_SORT_COMBINE ? MAPI_E_TOO_COMPLEX : MAPI_E_INVALID_PARAMETER,
                "sort column %lu: order %lu", (unsigned long)i, (unsigned long)o->ulOrder);
        if (PROP_TYPE(o->ulPropTag) & MV_INSTANCE)
            return Obj_Fail(&t->hdr, "SortTable", MAPI_E_TOO_COMPLEX,
                            "MV_INSTANCE sorts are not supported");
    }
    SSortOrderSet *copy = NULL;
    if (lpSortCriteria->cSorts) {
        size_t cb = CbNewSSortOrderSet(lpSortCriteria->cSorts);
        if (!(copy = malloc(cb)))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(copy, lpSortCriteria, cb);
    }
    if (t->conform & CONF_TABLE_SORT) {
        free(copy); /* table.sortIgnored */
        return S_OK;
    }
    LOCK(t);
    free(t->sort);
    t->sort = copy; /* NULL: natural order */
    FreeCategories(t); /* new categories start in the sort's own initial state */
    t->viewValid = 0;
    t->resetCursor = 1;
    Notify_TableViewChanged(t->hdr.ds, (LPMAPITABLE)t); /* no notifications for it */
    UNLOCK(t);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_QuerySortOrder(IMAPITable *This,
                                                      LPSSortOrderSet *lppSortCriteria)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "QuerySortOrder", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppSortCriteria)
        return Obj_Fail(&t->hdr, "QuerySortOrder", MAPI_E_INVALID_PARAMETER, "NULL argument");
    LOCK(t);
    ULONG n = t->sort ? t->sort->cSorts : 0;
    SSortOrderSet *s = NULL;
    hr = MAPIAllocateBuffer((ULONG)CbNewSSortOrderSet(n), (void **)&s);
    if (hr == S_OK) {
        if (t->sort)
            memcpy(s, t->sort, CbNewSSortOrderSet(n));
        else
            memset(s, 0, CbNewSSortOrderSet(0));
        *lppSortCriteria = s;
    }
    UNLOCK(t);
    return hr;
}

/* Builds one row of QueryRows output: lpProps is its own MAPIAllocateBuffer root. */
static HRESULT BuildRow(Table *t, const TableRow *row, SRow *out, Arena *scratch)
{
    LPSPropValue props = NULL;
    HRESULT hr = MAPIAllocateBuffer((ULONG)(t->cCols * sizeof(SPropValue)), (void **)&props);
    if (hr != S_OK)
        return hr;
    for (ULONG c = 0; c < t->cCols; c++) {
        ULONG tag = t->cols[c];
        const SPropValue *v = tag == PR_NULL ? NULL : Cell(t, row, PROP_ID(tag), scratch);
        Props_CopyOut(props, &props[c], tag, v, t->ulFlags, Knobs_StreamOver(&t->hdr.ds->knobs));
    }
    out->ulAdrEntryPad = 0;
    out->cValues = t->cCols;
    out->lpProps = props;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_QueryRows(IMAPITable *This, LONG lRowCount, ULONG ulFlags,
                                                 LPSRowSet *lppRows)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "QueryRows", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppRows)
        return Obj_Fail(&t->hdr, "QueryRows", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppRows = NULL;
    if (lRowCount == 0)
        return Obj_Fail(&t->hdr, "QueryRows", MAPI_E_INVALID_PARAMETER, "lRowCount is 0");
    if (ulFlags & ~TBL_NOADVANCE)
        return Obj_Fail(&t->hdr, "QueryRows", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);

    LOCK(t);
    hr = EnsureView(t);
    if (FAILED(hr)) {
        UNLOCK(t);
        return hr;
    }
    ULONG start, n;
    if (lRowCount > 0) {
        start = t->pos;
        n = t->cView - t->pos < (ULONG)lRowCount ? t->cView - t->pos : (ULONG)lRowCount;
    } else {
        /* Negative: move back |lRowCount| rows (clamped at the beginning), then read forward. */
        uint64_t back = (uint64_t)(-(int64_t)lRowCount);
        n = back < t->pos ? (ULONG)back : t->pos;
        start = t->pos - n;
    }
    LPSRowSet rows = NULL;
    hr = MAPIAllocateBuffer((ULONG)CbNewSRowSet(n), (void **)&rows);
    if (hr == S_OK) {
        Arena scratch = {0};
        rows->cRows = 0;
        for (ULONG i = 0; i < n && hr == S_OK; i++) {
            hr = BuildRow(t, &t->view[start + i], &rows->aRow[i], &scratch);
            if (hr == S_OK)
                rows->cRows++;
            Arena_Reset(&scratch);
        }
        Arena_Free(&scratch);
        if (hr != S_OK) {
            FreeProws(rows);
            rows = NULL;
        }
    }
    if (hr == S_OK) {
        /* Forward reads leave the cursor after the last row returned; TBL_NOADVANCE leaves it on
         * the first row returned, and so does a backward read (so that repeated negative calls
         * page backwards). */
        if (lRowCount < 0 || (ulFlags & TBL_NOADVANCE))
            t->pos = start;
        else
            t->pos = start + n;
        *lppRows = rows;
    }
    UNLOCK(t);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Table_Abort(IMAPITable *This)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "Abort", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    /* Nothing runs asynchronously, so there is never anything to abort. */
    return Obj_Fail(&t->hdr, "Abort", MAPI_E_UNABLE_TO_ABORT,
                    "no asynchronous operation in progress");
}

/* The heading a PR_INSTANCE_KEY names: MAPI_E_NOT_FOUND for a leaf's key, an unknown one, or a
 * table that is not categorized. */
static HRESULT FindHeading(Table *t, ULONG cb, const BYTE *pb, Heading **ph, int64_t *viewPos)
{
    if (!t->cats || cb != 8 || !pb || memcmp(pb + 4, g_headMark, 4) != 0)
        return MAPI_E_NOT_FOUND;
    ULONG key = (ULONG)pb[0] | (ULONG)pb[1] << 8 | (ULONG)pb[2] << 16 | (ULONG)pb[3] << 24;
    for (ULONG i = 0; i < t->cHeads; i++)
        if (t->heads[i].key == key) {
            int found;
            ULONG at = FindKey(t, key, 1, &found);
            *ph = &t->heads[i];
            *viewPos = found ? (int64_t)at : -1;
            return S_OK;
        }
    return MAPI_E_NOT_FOUND;
}

/* Expands or collapses `h`; *changed: rows added to or removed from the view. The cursor stays on
 * its row, or goes to the next visible one when its row was collapsed away. */
static HRESULT SetExpanded(Table *t, Heading *h, int expanded, ULONG *changed)
{
    ULONG before = t->cView, oldPos = t->pos;
    int hadRow = t->pos < t->cView;
    ULONG key = hadRow ? t->view[t->pos].key : 0, head = hadRow ? t->view[t->pos].head : 0;
    int was = h->expanded;
    h->expanded = expanded;
    HRESULT hr = BuildVisible(t);
    if (hr != S_OK) {
        h->expanded = was;
        return hr;
    }
    *changed = expanded ? t->cView - before : before - t->cView;
    KeepCursor(t, hadRow, key, head, oldPos);
    return S_OK;
}

/* The first n rows after view position `at`, for ExpandRow. */
static HRESULT RowsAfter(Table *t, ULONG at, ULONG n, LPSRowSet *lppRows)
{
    LPSRowSet rows = NULL;
    HRESULT hr = MAPIAllocateBuffer((ULONG)CbNewSRowSet(n), (void **)&rows);
    if (hr != S_OK)
        return hr;
    Arena scratch = {0};
    rows->cRows = 0;
    for (ULONG i = 0; i < n && hr == S_OK; i++) {
        hr = BuildRow(t, &t->view[at + i], &rows->aRow[i], &scratch);
        if (hr == S_OK)
            rows->cRows++;
        Arena_Reset(&scratch);
    }
    Arena_Free(&scratch);
    if (hr != S_OK) {
        FreeProws(rows);
        return hr;
    }
    *lppRows = rows;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_ExpandRow(IMAPITable *This, ULONG cbInstanceKey,
                                                 LPBYTE pbInstanceKey, ULONG ulRowCount,
                                                 ULONG ulFlags, LPSRowSet *lppRows,
                                                 ULONG *lpulMoreRows)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "ExpandRow", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (lppRows)
        *lppRows = NULL;
    if (ulFlags)
        return Obj_Fail(&t->hdr, "ExpandRow", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    if (!lpulMoreRows || (ulRowCount && !lppRows))
        return Obj_Fail(&t->hdr, "ExpandRow", MAPI_E_INVALID_PARAMETER, "NULL argument");
    LOCK(t);
    Heading *h = NULL;
    int64_t at = -1;
    ULONG added = 0;
    hr = EnsureView(t);
    if (hr == S_OK)
        hr = FindHeading(t, cbInstanceKey, pbInstanceKey, &h, &at);
    if (hr == S_OK && !h->expanded)
        hr = SetExpanded(t, h, 1, &added);
    if (hr == S_OK && at < 0)
        added = 0; /* under a collapsed heading: nothing shows yet */
    ULONG give = ulRowCount < added ? ulRowCount : added;
    if (hr == S_OK && give)
        hr = RowsAfter(t, (ULONG)at + 1, give, lppRows);
    if (hr == S_OK) {
        /* The cursor goes after the last row returned, or after the heading when none was. */
        if (at >= 0)
            t->pos = (ULONG)at + 1 + give;
        *lpulMoreRows = added;
    }
    Notify_TableViewChanged(t->hdr.ds, (LPMAPITABLE)t); /* no notifications for it */
    UNLOCK(t);
    if (FAILED(hr))
        return Obj_Fail(&t->hdr, "ExpandRow", hr,
                        hr == MAPI_E_NOT_FOUND ? "no heading row has this instance key" : "failed");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_CollapseRow(IMAPITable *This, ULONG cbInstanceKey,
                                                   LPBYTE pbInstanceKey, ULONG ulFlags,
                                                   ULONG *lpulRowCount)
{
    Table *t = T(This);
    HRESULT hr = Obj_Enter(&t->hdr, "CollapseRow", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags)
        return Obj_Fail(&t->hdr, "CollapseRow", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (!lpulRowCount)
        return Obj_Fail(&t->hdr, "CollapseRow", MAPI_E_INVALID_PARAMETER, "NULL argument");
    LOCK(t);
    Heading *h = NULL;
    int64_t at = -1;
    ULONG removed = 0;
    hr = EnsureView(t);
    if (hr == S_OK)
        hr = FindHeading(t, cbInstanceKey, pbInstanceKey, &h, &at);
    if (hr == S_OK && h->expanded)
        hr = SetExpanded(t, h, 0, &removed);
    if (hr == S_OK)
        *lpulRowCount = removed;
    Notify_TableViewChanged(t->hdr.ds, (LPMAPITABLE)t); /* no notifications for it */
    UNLOCK(t);
    if (FAILED(hr))
        return Obj_Fail(&t->hdr, "CollapseRow", hr,
                        hr == MAPI_E_NOT_FOUND ? "no heading row has this instance key" : "failed");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_WaitForCompletion(IMAPITable *This, ULONG ulFlags,
                                                         ULONG ulTimeout, ULONG *lpulTableStatus)
{
    Table *t = T(This);
    (void)ulTimeout;
    HRESULT hr = Obj_Enter(&t->hdr, "WaitForCompletion", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags)
        return Obj_Fail(&t->hdr, "WaitForCompletion", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (lpulTableStatus)
        *lpulTableStatus = TBLSTAT_COMPLETE;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Table_GetCollapseState(IMAPITable *This, ULONG ulFlags,
                                                        ULONG cbInstanceKey, LPBYTE lpbInstanceKey,
                                                        ULONG *lpcbCollapseState,
                                                        LPBYTE *lppbCollapseState)
{
    (void)ulFlags, (void)cbInstanceKey, (void)lpbInstanceKey, (void)lpcbCollapseState,
        (void)lppbCollapseState;
    return Obj_NotSupported(&T(This)->hdr, "GetCollapseState");
}

static HRESULT STDMETHODCALLTYPE Table_SetCollapseState(IMAPITable *This, ULONG ulFlags,
                                                        ULONG cbCollapseState,
                                                        LPBYTE pbCollapseState,
                                                        BOOKMARK *lpbkLocation)
{
    (void)ulFlags, (void)cbCollapseState, (void)pbCollapseState, (void)lpbkLocation;
    return Obj_NotSupported(&T(This)->hdr, "SetCollapseState");
}

static const IMAPITableVtbl g_tableVtbl = {
    Table_QueryInterface,   Table_AddRef,           Table_Release,
    Table_GetLastError,     Table_Advise,           Table_Unadvise,
    Table_GetStatus,        Table_SetColumns,       Table_QueryColumns,
    Table_GetRowCount,      Table_SeekRow,          Table_SeekRowApprox,
    Table_QueryPosition,    Table_FindRow,          Table_Restrict,
    Table_CreateBookmark,   Table_FreeBookmark,     Table_SortTable,
    Table_QuerySortOrder,   Table_QueryRows,        Table_Abort,
    Table_ExpandRow,        Table_CollapseRow,      Table_WaitForCompletion,
    Table_GetCollapseState, Table_SetCollapseState,
};

HRESULT Table_Create(DataSet *ds, const TableSourceOps *ops, void *ctx, const ULONG *defaultCols,
                     ULONG cDefaultCols, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    Table *t = calloc(1, sizeof *t);
    ULONG *cols = malloc(cDefaultCols * sizeof *cols);
    if (!t || !cols) {
        free(t);
        free(cols);
        ops->release(ctx);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (ULONG i = 0; i < cDefaultCols; i++)
        cols[i] = Prop_ListTag(defaultCols[i], ulFlags);
    Obj_Init(&t->hdr, &g_tableVtbl, OBJ_TABLE, "IMAPITable", ds, Table_Destroy);
    t->ops = ops;
    t->ctx = ctx;
    t->ulFlags = ulFlags & MAPI_UNICODE;
    t->cols = cols;
    t->cCols = cDefaultCols;
    if (strcmp(ops->kind, "hierarchy") == 0 || strcmp(ops->kind, "contents") == 0)
        t->conform = ds->knobs.conform.val & CONF_TABLE_ALL;
    if (strcmp(ops->kind, "stores") == 0)
        t->missingId = PROP_ID(ds->knobs.conform.missingColumn);
    *lppTable = (LPMAPITABLE)t;
    return S_OK;
}
