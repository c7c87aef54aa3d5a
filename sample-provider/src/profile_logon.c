/*
 * profile_logon.c - what a service's configuration may hold (ConfigureMsgService, IProfSect
 * SetProps) and what MAPILogonEx takes from a profile of the file (profile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static int IsLatin1(const WCHAR *s)
{
    for (; s && *s; s++)
        if (*s > 0xFF)
            return 0;
    return 1;
}

/* A string value as UTF-16 (PT_STRING8 bytes are Latin-1): malloc'ed, NULL when out of memory. */
static WCHAR *ValueW(const SPropValue *v)
{
    return PROP_TYPE(v->ulPropTag) == PT_UNICODE ? WStrDup(v->Value.lpszW)
                                                 : WStrFromA(v->Value.lpszA);
}

static HRESULT CheckKnobs(const WCHAR *w, char *err, size_t cbErr)
{
    char *spec = AStrFromW(w);
    Knobs *k = calloc(1, sizeof *k);
    HRESULT hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (spec && k) {
        char why[400] = "";
        hr = IsLatin1(w) ? Knobs_Parse(spec, k, why, sizeof why) : MAPI_E_INVALID_PARAMETER;
        if (hr != S_OK)
            snprintf(err, cbErr, "PR_KMAPI_KNOBS_W: %s", why[0] ? why : "knobs are Latin-1 text");
    }
    free(spec);
    free(k);
    return hr;
}

HRESULT Prof_CheckConfig(ULONG kind, ULONG cValues, const SPropValue *lpProps, char *err,
                         size_t cbErr)
{
    (void)kind;
    if (cValues && !lpProps) {
        snprintf(err, cbErr, "lpProps is NULL with cValues %lu", (unsigned long)cValues);
        return MAPI_E_INVALID_PARAMETER;
    }
    for (ULONG i = 0; i < cValues; i++) {
        const SPropValue *v = &lpProps[i];
        ULONG type = PROP_TYPE(v->ulPropTag), id = PROP_ID(v->ulPropTag);
        if (type != PT_UNICODE && type != PT_STRING8 && type != PT_LONG && type != PT_BOOLEAN &&
            type != PT_BINARY) {
            snprintf(err, cbErr, "value %lu (tag 0x%08X): a profile section holds PT_UNICODE, "
                     "PT_STRING8, PT_LONG, PT_BOOLEAN and PT_BINARY values only",
                     (unsigned long)i, (unsigned)v->ulPropTag);
            return MAPI_E_INVALID_TYPE;
        }
        if (id == PROP_ID(PR_SERVICE_UID) || id == PROP_ID(PR_SERVICE_NAME_W) ||
            id == PROP_ID(PR_PROFILE_NAME_W)) {
            snprintf(err, cbErr, "value %lu (tag 0x%08X) is computed by MAPI", (unsigned long)i,
                     (unsigned)v->ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
        if ((type == PT_UNICODE || type == PT_STRING8) && !v->Value.lpszW) {
            snprintf(err, cbErr, "value %lu (tag 0x%08X): NULL string", (unsigned long)i,
                     (unsigned)v->ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
        if (type == PT_BINARY && v->Value.bin.cb && !v->Value.bin.lpb) {
            snprintf(err, cbErr, "value %lu (tag 0x%08X): NULL bytes", (unsigned long)i,
                     (unsigned)v->ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
        int isPath = id == PROP_ID(PR_PST_PATH_W), isKnobs = id == PROP_ID(PR_KMAPI_KNOBS_W);
        if ((isPath || isKnobs) && type != PT_UNICODE && type != PT_STRING8) {
            snprintf(err, cbErr, "value %lu (tag 0x%08X): %s is a string", (unsigned long)i,
                     (unsigned)v->ulPropTag, isPath ? "PR_PST_PATH" : "PR_KMAPI_KNOBS");
            return MAPI_E_INVALID_TYPE;
        }
        if (!isPath && !isKnobs)
            continue;
        WCHAR *w = ValueW(v);
        HRESULT hr = w ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
        if (hr == S_OK && isPath && (!IsLatin1(w) || WStrLen(w) >= KNOBS_MAX_PATH || !w[0])) {
            snprintf(err, cbErr, "PR_PST_PATH_W: the sample provider takes Latin-1 paths of 1 to "
                     "%u characters", KNOBS_MAX_PATH - 1);
            hr = MAPI_E_INVALID_PARAMETER;
        }
        if (hr == S_OK && isKnobs)
            hr = CheckKnobs(w, err, cbErr);
        free(w);
        if (hr != S_OK)
            return hr;
    }
    return S_OK;
}

/* ==============================================================================================
 * Logon
 * ============================================================================================ */
typedef struct LogonCtx {
    const WCHAR *name;
    Knobs *k;
    int found;
} LogonCtx;

/* One service's knobs and store file into the logon's knobs. */
static HRESULT ServiceKnobs(const Profile *p, const ProfService *s, Knobs *k, char *err,
                            size_t cbErr)
{
    const SPropValue *knobs = Bag_Get(&s->props, PROP_ID(PR_KMAPI_KNOBS_W));
    const SPropValue *path = Bag_Get(&s->props, PROP_ID(PR_PST_PATH_W));
    char who[200];
    char *pn = AStrFromW(p->name);
    snprintf(who, sizeof who, "profile '%s', service %s", pn ? pn : "?",
             s->kind == SVC_SAMPLE ? "KMAPI_SAMPLE" : "KMAPI_ARCHIVE");
    free(pn);
    HRESULT hr = S_OK;
    if (knobs && PROP_TYPE(knobs->ulPropTag) == PT_UNICODE) {
        char *spec = AStrFromW(knobs->Value.lpszW), why[400] = "";
        hr = spec ? Knobs_Parse(spec, k, why, sizeof why) : MAPI_E_NOT_ENOUGH_MEMORY;
        free(spec);
        if (hr != S_OK) {
            snprintf(err, cbErr, "%s: knobs: %s", who, why);
            return MAPI_E_LOGON_FAILED;
        }
    }
    if (path && PROP_TYPE(path->ulPropTag) == PT_UNICODE) {
        char *a = AStrFromW(path->Value.lpszW);
        if (!a)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        if (k->hasStore && strcmp(k->store, a) != 0) {
            snprintf(err, cbErr, "%s: PR_PST_PATH names another file than the profile's other "
                     "service (one data set holds both stores)", who);
            hr = MAPI_E_LOGON_FAILED;
        } else if (strlen(a) < sizeof k->store) {
            strcpy(k->store, a);
            k->hasStore = 1;
        }
        free(a);
    }
    return hr;
}

static HRESULT LogonEdit(ProfileDb *db, void *vctx, char *err, size_t cbErr)
{
    LogonCtx *c = vctx;
    const WCHAR *name = c->name && c->name[0] ? c->name : db->defaultName;
    Profile *p = name ? ProfDb_Find(db, name) : NULL;
    if (!p)
        return S_FALSE;
    c->found = 1;
    Knobs *k = c->k;
    k->profile.storeMask = 0x80000000u; /* set: only the services' stores */
    size_t n = WStrLen(p->name);
    memcpy(k->profile.name, p->name, (n + 1) * sizeof(WCHAR));
    for (ULONG i = 0; i < p->cSvc; i++) {
        k->profile.storeMask |= 1u << (p->svc[i].kind - 1);
        HRESULT hr = ServiceKnobs(p, &p->svc[i], k, err, cbErr);
        if (hr != S_OK)
            return hr;
    }
    return S_FALSE; /* nothing to save */
}

HRESULT Profile_LogonKnobs(const WCHAR *name, Knobs *k, int *found, char *err, size_t cbErr)
{
    LogonCtx c = {name, k, 0};
    HRESULT hr = ProfDb_Transact(LogonEdit, &c, err, cbErr);
    *found = c.found;
    return hr;
}
