/*
 * conform.c - the conformance knobs (README.md "Conformance knobs"): each makes the sample
 * provider break exactly one rule that `koffi-mapi check` checks, so that every check can be seen
 * to fail. This file parses and overlays them and holds what they do that belongs to no object:
 * the logon's leaked thread and buffer, and the malloc'ed GetProps arrays of props.mallocBuffer.
 * The rest is a line or two where the rule lives (session.c, store.c, table.c, props.c, data.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects.h"

static const KnobBit g_bools[] = {
    {"stores.noDefault", CONF_STORES_NO_DEFAULT},
    {"store.noIpmSubtree", CONF_STORE_NO_IPM},
    {"store.badReceiveFolder", CONF_STORE_BAD_RECEIVE},
    {"store.openMissingOk", CONF_STORE_OPEN_MISSING},
    {"table.columnsIgnored", CONF_TABLE_COLUMNS},
    {"table.seekCount", CONF_TABLE_SEEK},
    {"table.restrictIgnored", CONF_TABLE_RESTRICT},
    {"table.sortIgnored", CONF_TABLE_SORT},
    {"table.rowCountOff", CONF_TABLE_ROW_COUNT},
    {"props.nullTagsErrors", CONF_PROPS_NULL_TAGS},
    {"props.errorSlotType", CONF_PROPS_ERROR_TYPE},
    {"props.mallocBuffer", CONF_PROPS_MALLOC},
    {"leak.thread", CONF_LEAK_THREAD},
    {"leak.object", CONF_LEAK_OBJECT},
    {"leak.buffer", CONF_LEAK_BUFFER},
};

HRESULT Conform_ParseKnob(const char *key, const char *value, ConformKnobs *k, char *err,
                          size_t cbErr)
{
    unsigned long long v;
    if (strcmp(key, "stores.missingColumn") == 0) {
        /* A property tag (its type is not looked at); 0 = none. PR_NULL's id 0 is not a column. */
        if (!Knobs_ParseNumber(value, 0xFFFFFFFFull, &v) || (v && PROP_ID((ULONG)v) == 0)) {
            snprintf(err, cbErr, "stores.missingColumn=%s: expected a property tag (0xIIIITTTT)",
                     value);
            return MAPI_E_INVALID_PARAMETER;
        }
        k->hasMissingColumn = 1;
        k->missingColumn = (ULONG)v;
        return S_OK;
    }
    return Knobs_ParseBit(key, value, g_bools, ARRAY_COUNT(g_bools), &k->set, &k->val, err, cbErr);
}

void Conform_Merge(ConformKnobs *dst, const ConformKnobs *over)
{
    dst->val = (dst->val & ~over->set) | (over->val & over->set);
    dst->set |= over->set;
    if (over->hasMissingColumn) {
        dst->hasMissingColumn = 1;
        dst->missingColumn = over->missingColumn;
    }
}

/* ==============================================================================================
 * What is kept alive on purpose. Everything stays reachable from these statics, so a leak
 * checker (valgrind) sees "still reachable", never "lost": the leaks are the provider's view of
 * it (SampleStats), which is what the checks look at.
 * ============================================================================================ */
static PlatLock g_keepLock = PLAT_LOCK_INIT;
static void **g_kept; /* leak.buffer roots and props.mallocBuffer blocks */
static size_t g_cKept, g_capKept;

static int Keep(void *p)
{
    Plat_Lock(&g_keepLock);
    int ok = 1;
    if (g_cKept == g_capKept) {
        size_t cap = g_capKept ? g_capKept * 2 : 16;
        void **n = realloc(g_kept, cap * sizeof *n);
        if (n) {
            g_kept = n;
            g_capKept = cap;
        } else {
            ok = 0;
        }
    }
    if (ok)
        g_kept[g_cKept++] = p;
    Plat_Unlock(&g_keepLock);
    return ok;
}

/* leak.thread: idles in this module until the process ends (the module is pinned first, so that
 * it is never unmapped under the thread: Plat_PinModule). */
static uint32_t IdleForever(void *arg)
{
    (void)arg;
    for (;;)
        Plat_Sleep(60000);
    return 0;
}

void Conform_AtLogon(DataSet *ds)
{
    if (Conform_On(&ds->knobs, CONF_LEAK_BUFFER)) {
        void *p = NULL;
        if (MAPIAllocateBuffer(16, &p) == S_OK) {
            memcpy(p, "leak.buffer=1\0\0", 16);
            if (!Keep(Alloc_BlockOf(p))) /* the block's start: "still reachable" */
                MAPIFreeBuffer(p);       /* out of memory: no leak then */
        }
    }
    if (Conform_On(&ds->knobs, CONF_LEAK_THREAD)) {
        Plat_PinModule();
        void *h = Plat_CreateThread(IdleForever, NULL);
        if (h)
            Plat_CloseHandle(h); /* the thread runs on; only the handle goes */
    }
}

/*
 * props.mallocBuffer: *lppProps (n values, a MAPIAllocateBuffer root) becomes one malloc block
 * holding the array and every payload; the root is freed. For the first CONF_MALLOC_MAX calls of
 * the logon (counted in *pCount, under the data-set lock) so that the blocks a caller cannot free
 * stay bounded; the blocks are kept reachable (Keep) and never freed.
 */
static void MallocProps(ULONG *pCount, ULONG n, LPSPropValue *lppProps)
{
    if (!*lppProps || !n || *pCount >= CONF_MALLOC_MAX)
        return;
    static const SPropValue zero;
    const SPropValue *src = *lppProps;
    size_t cb = ROUND8(n * sizeof(SPropValue));
    for (ULONG i = 0; i < n; i++)
        if (memcmp(&src[i].Value, &zero.Value, sizeof zero.Value) != 0)
            cb += Prop_PayloadSize(&src[i], PROP_TYPE(src[i].ulPropTag));
    SPropValue *dst = malloc(cb);
    if (!dst)
        return; /* out of memory: the caller gets the MAPI memory */
    char *payload = (char *)dst + ROUND8(n * sizeof(SPropValue));
    for (ULONG i = 0; i < n; i++) {
        if (memcmp(&src[i].Value, &zero.Value, sizeof zero.Value) == 0) {
            dst[i] = src[i]; /* a zeroed value (props.errorSlotType): no payload to follow */
            continue;
        }
        ULONG type = PROP_TYPE(src[i].ulPropTag);
        Prop_CopyInto(&dst[i], &src[i], type, payload);
        payload += Prop_PayloadSize(&src[i], type);
    }
    if (!Keep(dst)) {
        free(dst);
        return;
    }
    (*pCount)++;
    MAPIFreeBuffer(*lppProps);
    *lppProps = dst;
}

HRESULT Conform_GetProps(DataSet *ds, const PropSource *src, LPSPropTagArray lpTags,
                         ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppProps)
{
    HRESULT hr = Props_GetPropsAs(src, ds->knobs.conform.val, lpTags, ulFlags, lpcValues, lppProps);
    if (SUCCEEDED(hr) && Conform_On(&ds->knobs, CONF_PROPS_MALLOC))
        MallocProps(&ds->conformMallocs, *lpcValues, lppProps);
    return hr;
}
