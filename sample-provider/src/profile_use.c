/*
 * profile_use.c - the profiles this process's sessions use. DeleteProfile and RenameProfile of a
 * profile in use do not act at once: the profile is marked and deleted (renamed) "after it is no
 * longer being used, when all of its active sessions have ended" (iprofadmin-deleteprofile.md;
 * iprofadmin-renameprofile.md: "marks the profile and returns S_OK"). A session of a file profile
 * uses it from MAPILogonEx to its Logoff, or to its last Release when it never logs off. The mark
 * lives here, in the process; sessions of other processes are not seen (the file has no record of
 * them), as README.md "Profiles" says.
 */
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "profile.h"

typedef struct Use {
    WCHAR *name;     /* the profile's name at the sessions' logon */
    ULONG sessions;
    int op;          /* PROF_USE_NONE, PROF_USE_DELETE, PROF_USE_RENAME */
    WCHAR *newName;  /* PROF_USE_RENAME */
} Use;

static PlatLock g_lock = PLAT_LOCK_INIT;
static Use *g_use;
static ULONG g_c, g_cap;

static Use *Find(const WCHAR *name)
{
    for (ULONG i = 0; i < g_c; i++)
        if (Prof_SameName(g_use[i].name, name))
            return &g_use[i];
    return NULL;
}

HRESULT ProfUse_Begin(const WCHAR *name)
{
    HRESULT hr = S_OK;
    Plat_Lock(&g_lock);
    Use *u = Find(name);
    if (!u) {
        if (g_c == g_cap) {
            ULONG cap = g_cap ? g_cap * 2 : 8;
            Use *grown = realloc(g_use, cap * sizeof *grown);
            if (!grown) {
                Plat_Unlock(&g_lock);
                return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            g_use = grown;
            g_cap = cap;
        }
        u = &g_use[g_c];
        memset(u, 0, sizeof *u);
        if (!(u->name = WStrDup(name)))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
            g_c++;
    }
    if (hr == S_OK)
        u->sessions++;
    Plat_Unlock(&g_lock);
    return hr;
}

int ProfUse_Mark(const WCHAR *name, int op, const WCHAR *newName)
{
    Plat_Lock(&g_lock);
    Use *u = Find(name);
    int inUse = u != NULL;
    if (inUse) {
        WCHAR *n = newName ? WStrDup(newName) : NULL;
        if (newName && !n) {
            Plat_Unlock(&g_lock);
            return -1;
        }
        free(u->newName);
        u->newName = n; /* the latest mark is the one carried out */
        u->op = op;
    }
    Plat_Unlock(&g_lock);
    return inUse;
}

typedef struct Pending {
    int op;
    const WCHAR *name, *newName;
} Pending;

static HRESULT CarryOut(ProfileDb *db, void *ctx, char *err, size_t cbErr)
{
    (void)err, (void)cbErr;
    Pending *p = ctx;
    Profile *prof = ProfDb_Find(db, p->name);
    if (!prof)
        return S_FALSE; /* deleted or renamed by another process meanwhile: nothing to do */
    if (p->op == PROF_USE_DELETE) {
        ProfDb_Remove(db, prof);
        return S_OK;
    }
    Profile *other = ProfDb_Find(db, p->newName);
    if (other && other != prof)
        return S_FALSE; /* the name was taken meanwhile: the rename cannot happen */
    return ProfDb_Rename(db, prof, p->newName);
}

void ProfUse_End(const WCHAR *name)
{
    Plat_Lock(&g_lock);
    Use *u = Find(name);
    if (!u || --u->sessions > 0) {
        Plat_Unlock(&g_lock);
        return;
    }
    Use last = *u;
    *u = g_use[--g_c];
    if (g_c == 0) {
        free(g_use);
        g_use = NULL;
        g_cap = 0;
    }
    Plat_Unlock(&g_lock);
    if (last.op != PROF_USE_NONE) {
        Pending p = {last.op, last.name, last.newName};
        char err[1400];
        (void)ProfDb_Transact(CarryOut, &p, err, sizeof err); /* best effort, as MAPI's own */
    }
    free(last.name);
    free(last.newName);
}
