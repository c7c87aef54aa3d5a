/*
 * knobs.c - test knobs: data-set size, generator seed and fault injection.
 *
 * Syntax (README.md "Knobs"): items separated by ';', each "key=value", blanks around items
 * ignored.
 *   messages=N                        messages in the Inbox of "Sample Mailbox" (default 25)
 *   seed=N                            data generator seed (default 1)
 *   props.streamOver=N                binary and string values over N bytes are too big for
 *                                     GetProps and table rows (MAPI_E_NOT_ENOUGH_MEMORY in the
 *                                     value's slot): read them with OpenProperty(IID_IStream).
 *                                     Default 16384, as Exchange's and PST stores' limit; 0: none
 *   store=PATH                        load the data set from PATH and save it there (persist.c;
 *                                     README.md "Persistence"); "store=" alone: in memory
 *   store.failSaves=N                 the first N saves after logon fail with MAPI_E_NOT_ENOUGH_DISK
 *   store.poll=MS                     how often an idle logon looks for other logons' changes to
 *                                     PATH (merge.c); 0 = only when it makes a call
 *   fail=Interface::Method:0xHRESULT[:count]
 *   fail=ExportName:0xHRESULT[:count] make that method / export fail with that HRESULT, on every
 *                                     call or on the next `count` calls. Interface "*" matches any
 *                                     interface. Repeatable.
 *   notify.batch=N, notify.tableRows=N, notify.burst=N, notify.afterUnadvise=1,
 *   notify.callerThread=1, notify.nullEntryId=1, notify.holdSink=1, deliver.every=MS,
 *   deliver.count=N                   the notification engine (notify.c; README.md
 *                                     "Notification knobs")
 *   com.tearOffIdentity=1, com.oneWay=IFACE, com.noNullOnFail=IFACE, com.nullOutOk=IFACE,
 *   com.refcountReturns=IFACE, com.identityFlip=IFACE
 *                                     COM rules broken on purpose (object.c; README.md "COM
 *                                     knobs"); IFACE: an interface name, a list, or *
 *   stores.*, store.noIpmSubtree, store.badReceiveFolder, store.openMissingOk, table.*,
 *   props.nullTagsErrors, props.errorSlotType, props.mallocBuffer, leak.*
 *                                     the conformance knobs (conform.c; README.md "Conformance
 *                                     knobs")
 *   anything else                     offered to Sync_ParseKnob (sync.c) for the sync knobs.
 *
 * Process-wide knobs come from SampleProvider_SetKnobs; each logon adds the knobs of its profile
 * string ("Sample;messages=100000"). Fault rules of both apply to a session's objects; so do sync
 * knobs (sync.c reads the process-wide ones live and overlays the profile's).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"

static PlatLock g_knobLock = PLAT_LOCK_INIT; /* guards g_global and every rule's `remaining` */
static Knobs g_global;
static volatile int32_t g_anyFaults; /* fast path: no rule anywhere */
static volatile int32_t g_anyCom;    /* fast path: no process-wide com.* knob is set */

static char *Trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

int Knobs_ParseNumber(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (*end || v > max)
        return 0;
    *out = v;
    return 1;
}

HRESULT Knobs_ParseBit(const char *key, const char *value, const KnobBit *table, size_t count,
                       ULONG *set, ULONG *val, char *err, size_t cbErr)
{
    unsigned long long v;
    for (size_t i = 0; i < count; i++) {
        if (strcmp(key, table[i].key) != 0)
            continue;
        if (!Knobs_ParseNumber(value, 1, &v)) {
            if (err)
                snprintf(err, cbErr, "%s=%s: expected 0 or 1", key, value ? value : "");
            return MAPI_E_INVALID_PARAMETER;
        }
        *set |= table[i].bit;
        *val = v ? *val | table[i].bit : *val & ~table[i].bit;
        return S_OK;
    }
    return MAPI_E_NOT_FOUND;
}

static HRESULT ParseFault(char *value, FaultRule *r, char *err, size_t cbErr)
{
    /* NAME:HR[:COUNT], NAME = Interface::Method or ExportName */
    memset(r, 0, sizeof *r);
    char *name = value;
    char *sep = strstr(value, "::");
    char *rest = strchr(sep ? sep + 2 : value, ':');
    if (!rest) {
        snprintf(err, cbErr, "fail=%s: expected NAME:0xHRESULT", value);
        return MAPI_E_INVALID_PARAMETER;
    }
    *rest++ = 0;
    if (sep) {
        *sep = 0;
        if (strlen(name) >= sizeof r->iface || strlen(sep + 2) >= sizeof r->method || !*name ||
            !sep[2]) {
            snprintf(err, cbErr, "fail=: bad interface or method name");
            return MAPI_E_INVALID_PARAMETER;
        }
        strcpy(r->iface, Trim(name));
        strcpy(r->method, Trim(sep + 2));
    } else {
        name = Trim(name);
        if (!*name || strlen(name) >= sizeof r->method) {
            snprintf(err, cbErr, "fail=: bad function name");
            return MAPI_E_INVALID_PARAMETER;
        }
        strcpy(r->method, name);
    }
    char *count = strchr(rest, ':');
    if (count)
        *count++ = 0;
    unsigned long long hr, n = 0;
    if (!Knobs_ParseNumber(Trim(rest), 0xFFFFFFFFull, &hr)) {
        snprintf(err, cbErr, "fail=%s: bad HRESULT '%s'", r->method, rest);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (count && (!Knobs_ParseNumber(Trim(count), 0x7FFFFFFFull, &n) || n == 0)) {
        snprintf(err, cbErr, "fail=%s: bad count '%s'", r->method, count);
        return MAPI_E_INVALID_PARAMETER;
    }
    r->hr = (HRESULT)(ULONG)hr;
    r->remaining = count ? (int32_t)n : -1;
    return S_OK;
}

/* notify.* and deliver.*: S_OK (consumed), MAPI_E_NOT_FOUND (not one of them) or
 * MAPI_E_INVALID_PARAMETER (a bad value; err says which range). */
static HRESULT ParseNotifyKnob(const char *key, const char *value, NotifyKnobs *k, char *err,
                               size_t cbErr)
{
    static const struct {
        const char *key;
        ULONG bit;
        unsigned long long min, max;
        size_t offset;
    } nums[] = {
        {"notify.batch", NTFK_BATCH, 1, 1000000, offsetof(NotifyKnobs, batch)},
        {"notify.tableRows", NTFK_TABLE_ROWS, 0, 1000000, offsetof(NotifyKnobs, tableRows)},
        {"notify.burst", NTFK_BURST, 0, 10000000, offsetof(NotifyKnobs, burst)},
        {"deliver.every", NTFK_EVERY, 0, 600000, offsetof(NotifyKnobs, every)},
        {"deliver.count", NTFK_COUNT, 0, 0xFFFFFFFFull, offsetof(NotifyKnobs, count)},
    };
    static const KnobBit bools[] = {
        {"notify.afterUnadvise", NTFB_AFTER_UNADVISE},
        {"notify.callerThread", NTFB_CALLER_THREAD},
        {"notify.nullEntryId", NTFB_NULL_ENTRYID},
        {"notify.holdSink", NTFB_HOLD_SINK},
    };
    unsigned long long v;
    for (size_t i = 0; i < ARRAY_COUNT(nums); i++) {
        if (strcmp(key, nums[i].key) != 0)
            continue;
        if (!Knobs_ParseNumber(value, nums[i].max, &v) || v < nums[i].min) {
            snprintf(err, cbErr, "%s=%s: expected %llu..%llu", key, value, nums[i].min,
                     nums[i].max);
            return MAPI_E_INVALID_PARAMETER;
        }
        *(ULONG *)((char *)k + nums[i].offset) = (ULONG)v;
        k->set |= nums[i].bit;
        return S_OK;
    }
    return Knobs_ParseBit(key, value, bools, ARRAY_COUNT(bools), &k->boolSet, &k->boolVal, err,
                          cbErr);
}

static const struct {
    const char *name;
    ULONG bit;
} g_comIfaces[] = {
    {"IMAPISession", COMI_SESSION}, {"IMsgStore", COMI_STORE}, {"IMAPIFolder", COMI_FOLDER},
    {"IMessage", COMI_MESSAGE},     {"IMAPITable", COMI_TABLE}, {"IMAPISync", COMI_SYNC},
    {"IAttach", COMI_ATTACH},       {"IStream", COMI_STREAM},   {"*", COMI_ALL},
};

ULONG Knobs_ComBit(const char *iface)
{
    for (size_t i = 0; iface && i < ARRAY_COUNT(g_comIfaces); i++)
        if (strcmp(iface, g_comIfaces[i].name) == 0)
            return g_comIfaces[i].bit;
    return 0;
}

/* com.*: S_OK (consumed), MAPI_E_NOT_FOUND (not one of them) or MAPI_E_INVALID_PARAMETER. The
 * interface knobs take a name or a comma-separated list of names. */
static HRESULT ParseComKnob(const char *key, const char *value, ComKnobs *k, char *err,
                            size_t cbErr)
{
    static const struct {
        const char *key;
        size_t offset;
    } masks[] = {
        {"com.oneWay", offsetof(ComKnobs, oneWay)},
        {"com.noNullOnFail", offsetof(ComKnobs, noNullOnFail)},
        {"com.nullOutOk", offsetof(ComKnobs, nullOutOk)},
        {"com.refcountReturns", offsetof(ComKnobs, refcountReturns)},
        {"com.identityFlip", offsetof(ComKnobs, identityFlip)},
    };
    unsigned long long v;
    if (strcmp(key, "com.tearOffIdentity") == 0) {
        if (!Knobs_ParseNumber(value, 1, &v)) {
            snprintf(err, cbErr, "%s=%s: expected 0 or 1", key, value);
            return MAPI_E_INVALID_PARAMETER;
        }
        k->tearOffSet = 1;
        k->tearOffIdentity = (ULONG)v;
        return S_OK;
    }
    for (size_t i = 0; i < ARRAY_COUNT(masks); i++) {
        if (strcmp(key, masks[i].key) != 0)
            continue;
        ULONG mask = 0;
        char name[40];
        for (const char *p = value;;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            while (n && isspace((unsigned char)*p))
                p++, n--;
            while (n && isspace((unsigned char)p[n - 1]))
                n--;
            ULONG bit = 0;
            if (n && n < sizeof name) {
                memcpy(name, p, n);
                name[n] = 0;
                bit = Knobs_ComBit(name);
            }
            if (!bit) {
                snprintf(err, cbErr,
                         "%s=%s: expected an interface name (IMAPISession, IMsgStore, IMAPIFolder, "
                         "IMessage, IMAPITable, IMAPISync, IAttach, IStream) or *",
                         key, value);
                return MAPI_E_INVALID_PARAMETER;
            }
            mask |= bit;
            if (!comma)
                break;
            p = comma + 1;
        }
        *(ULONG *)((char *)k + masks[i].offset) |= mask;
        return S_OK;
    }
    return MAPI_E_NOT_FOUND;
}

static void MergeCom(ComKnobs *dst, const ComKnobs *over)
{
    if (over->tearOffSet) {
        dst->tearOffSet = 1;
        dst->tearOffIdentity = over->tearOffIdentity;
    }
    dst->oneWay |= over->oneWay;
    dst->noNullOnFail |= over->noNullOnFail;
    dst->nullOutOk |= over->nullOutOk;
    dst->refcountReturns |= over->refcountReturns;
    dst->identityFlip |= over->identityFlip;
}

static int AnyCom(const ComKnobs *k)
{
    return k->tearOffSet || k->oneWay || k->noNullOnFail || k->nullOutOk || k->refcountReturns ||
           k->identityFlip;
}

void Knobs_GetGlobalCom(ComKnobs *out)
{
    memset(out, 0, sizeof *out);
    if (!Plat_AtomicLoad(&g_anyCom))
        return;
    Plat_Lock(&g_knobLock);
    *out = g_global.com;
    Plat_Unlock(&g_knobLock);
}

void Knobs_MergeNotify(NotifyKnobs *dst, const NotifyKnobs *over)
{
    if (over->set & NTFK_BATCH)
        dst->batch = over->batch;
    if (over->set & NTFK_TABLE_ROWS)
        dst->tableRows = over->tableRows;
    if (over->set & NTFK_BURST)
        dst->burst = over->burst;
    if (over->set & NTFK_EVERY)
        dst->every = over->every;
    if (over->set & NTFK_COUNT)
        dst->count = over->count;
    dst->set |= over->set;
    dst->boolVal = (dst->boolVal & ~over->boolSet) | (over->boolVal & over->boolSet);
    dst->boolSet |= over->boolSet;
}

HRESULT Knobs_Parse(const char *spec, Knobs *k, char *err, size_t cbErr)
{
    if (!spec)
        return S_OK;
    char *copy = malloc(strlen(spec) + 1);
    if (!copy)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    strcpy(copy, spec);
    HRESULT hr = S_OK;
    char *save = copy;
    for (char *item = save; item && hr == S_OK;) {
        char *next = strchr(item, ';');
        if (next)
            *next++ = 0;
        item = Trim(item);
        if (*item) {
            char *eq = strchr(item, '=');
            if (!eq) {
                snprintf(err, cbErr, "knob '%s': expected key=value", item);
                hr = MAPI_E_INVALID_PARAMETER;
                break;
            }
            *eq = 0;
            char *key = Trim(item), *value = Trim(eq + 1);
            unsigned long long v;
            if (strcmp(key, "messages") == 0) {
                if (!Knobs_ParseNumber(value, KNOBS_MAX_MESSAGES, &v)) {
                    snprintf(err, cbErr, "messages=%s: expected 0..%u", value, KNOBS_MAX_MESSAGES);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    k->hasMessages = 1;
                    k->messages = (ULONG)v;
                }
            } else if (strcmp(key, "seed") == 0) {
                if (!Knobs_ParseNumber(value, 0xFFFFFFFFull, &v) || v == 0) {
                    snprintf(err, cbErr, "seed=%s: expected 1..4294967295", value);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    k->hasSeed = 1;
                    k->seed = (ULONG)v;
                }
            } else if (strcmp(key, "props.streamOver") == 0) {
                if (!Knobs_ParseNumber(value, 0x7FFFFFFFull, &v)) {
                    snprintf(err, cbErr, "props.streamOver=%s: expected 0..2147483647 (bytes)",
                             value);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    k->hasStreamOver = 1;
                    k->streamOver = (ULONG)v;
                }
            } else if (strcmp(key, "store") == 0) {
                if (strlen(value) >= sizeof k->store) {
                    snprintf(err, cbErr, "store=: the path is longer than %u bytes",
                             KNOBS_MAX_PATH - 1);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    strcpy(k->store, value);
                    k->hasStore = 1;
                }
            } else if (strcmp(key, "store.poll") == 0) {
                if (!Knobs_ParseNumber(value, KNOBS_MAX_STORE_POLL, &v)) {
                    snprintf(err, cbErr, "store.poll=%s: expected 0..%u (ms)", value,
                             KNOBS_MAX_STORE_POLL);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    k->hasStorePoll = 1;
                    k->storePoll = (ULONG)v;
                }
            } else if (strcmp(key, "store.failSaves") == 0) {
                if (!Knobs_ParseNumber(value, 1000000ull, &v)) {
                    snprintf(err, cbErr, "store.failSaves=%s: expected 0..1000000", value);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    k->hasStoreFailSaves = 1;
                    k->storeFailSaves = (ULONG)v;
                }
            } else if (strcmp(key, "profiles") == 0) {
                if (strlen(value) >= sizeof k->profile.path) {
                    snprintf(err, cbErr, "profiles=: the path is longer than %u bytes",
                             KNOBS_MAX_PATH - 1);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    strcpy(k->profile.path, value);
                    k->profile.hasPath = 1;
                }
            } else if (strcmp(key, "profiles.noAdmin2") == 0) {
                if (!Knobs_ParseNumber(value, 1, &v)) {
                    snprintf(err, cbErr, "profiles.noAdmin2=%s: expected 0 or 1", value);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    k->profile.noAdmin2 = (int)v;
                }
            } else if (strcmp(key, "fail") == 0) {
                if (k->cFaults >= KNOBS_MAX_FAULTS) {
                    snprintf(err, cbErr, "too many fail= knobs (max %d)", KNOBS_MAX_FAULTS);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else {
                    hr = ParseFault(value, &k->faults[k->cFaults], err, cbErr);
                    if (hr == S_OK)
                        k->cFaults++;
                }
            } else if ((hr = ParseNotifyKnob(key, value, &k->notify, err, cbErr)) !=
                           MAPI_E_NOT_FOUND ||
                       (hr = ParseComKnob(key, value, &k->com, err, cbErr)) != MAPI_E_NOT_FOUND ||
                       (hr = Conform_ParseKnob(key, value, &k->conform, err, cbErr)) !=
                           MAPI_E_NOT_FOUND ||
                       (hr = Ab_ParseKnob(key, value, &k->ab, err, cbErr)) != MAPI_E_NOT_FOUND) {
                /* consumed, or a bad value (err says why) */
            } else {
                hr = Sync_ParseKnob(key, value, &k->sync);
                if (hr == MAPI_E_NOT_FOUND) {
                    snprintf(err, cbErr, "unknown knob '%s'", key);
                    hr = MAPI_E_INVALID_PARAMETER;
                } else if (FAILED(hr)) {
                    snprintf(err, cbErr, "knob '%s': bad value '%s'", key, value);
                    hr = MAPI_E_INVALID_PARAMETER;
                }
            }
        }
        item = next;
    }
    free(copy);
    return hr;
}

HRESULT Knobs_SetGlobal(const char *spec)
{
    Knobs k;
    char err[160];
    memset(&k, 0, sizeof k);
    HRESULT hr = Knobs_Parse(spec, &k, err, sizeof err);
    if (FAILED(hr))
        return hr;
    Plat_Lock(&g_knobLock);
    g_global = k;
    /* The com.* hint follows the spec (every AddRef reads it): set while one is in force. */
    int32_t com = AnyCom(&k.com) ? 1 : 0;
    Plat_AtomicAdd(&g_anyCom, com - Plat_AtomicLoad(&g_anyCom)); /* writers hold g_knobLock */
    Plat_Unlock(&g_knobLock);
    if (k.cFaults)
        Plat_AtomicInc(&g_anyFaults); /* sticky hint: only used to skip locking when zero */
    return S_OK;
}

void Knobs_GetGlobal(Knobs *out)
{
    Plat_Lock(&g_knobLock);
    *out = g_global;
    Plat_Unlock(&g_knobLock);
}

void Knobs_Merge(Knobs *dst, const Knobs *over)
{
    if (over->hasMessages) {
        dst->hasMessages = 1;
        dst->messages = over->messages;
    }
    if (over->hasSeed) {
        dst->hasSeed = 1;
        dst->seed = over->seed;
    }
    if (over->hasStreamOver) {
        dst->hasStreamOver = 1;
        dst->streamOver = over->streamOver;
    }
    if (over->hasStore) {
        dst->hasStore = 1;
        strcpy(dst->store, over->store);
    }
    if (over->hasStorePoll) {
        dst->hasStorePoll = 1;
        dst->storePoll = over->storePoll;
    }
    if (over->hasStoreFailSaves) {
        dst->hasStoreFailSaves = 1;
        dst->storeFailSaves = over->storeFailSaves;
    }
    if (over->profile.hasPath) {
        dst->profile.hasPath = 1;
        strcpy(dst->profile.path, over->profile.path);
    }
    if (over->profile.storeMask)
        dst->profile.storeMask = over->profile.storeMask;
    if (over->profile.noAdmin2)
        dst->profile.noAdmin2 = 1;
    if (over->profile.name[0])
        memcpy(dst->profile.name, over->profile.name, sizeof dst->profile.name);
    for (ULONG i = 0; i < over->cFaults && dst->cFaults < KNOBS_MAX_FAULTS; i++)
        dst->faults[dst->cFaults++] = over->faults[i];
    /* Sync knobs: overlaid field by field (sync.c). */
    Sync_MergeKnobs(&dst->sync, &over->sync);
    Knobs_MergeNotify(&dst->notify, &over->notify);
    MergeCom(&dst->com, &over->com);
    Conform_Merge(&dst->conform, &over->conform);
    Ab_MergeKnobs(&dst->ab, &over->ab);
    if (over->cFaults)
        Plat_AtomicInc(&g_anyFaults);
}

static int RuleMatches(const FaultRule *r, const char *iface, const char *method)
{
    if (strcmp(r->method, method) != 0)
        return 0;
    if (!iface)
        return r->iface[0] == 0;
    return r->iface[0] && (strcmp(r->iface, "*") == 0 || strcmp(r->iface, iface) == 0);
}

static HRESULT CheckList(Knobs *k, const char *iface, const char *method)
{
    for (ULONG i = 0; i < k->cFaults; i++) {
        FaultRule *r = &k->faults[i];
        if (r->remaining != 0 && RuleMatches(r, iface, method)) {
            if (r->remaining > 0)
                r->remaining--;
            return r->hr;
        }
    }
    return S_OK;
}

HRESULT Knobs_CheckFault(Knobs *session, const char *iface, const char *method)
{
    if (!Plat_AtomicLoad(&g_anyFaults))
        return S_OK;
    Plat_Lock(&g_knobLock);
    HRESULT hr = CheckList(&g_global, iface, method);
    if (hr == S_OK && session)
        hr = CheckList(session, iface, method);
    Plat_Unlock(&g_knobLock);
    return hr;
}

ULONG Knobs_StreamOver(const Knobs *k) { return k->hasStreamOver ? k->streamOver : KNOBS_DEFAULT_STREAM_OVER; }
