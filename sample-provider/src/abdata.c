/*
 * abdata.c - the address book's data: the directory generated from the data set's seed, entry ids
 * (the provider's own and one-offs per [MS-OXCDATA] 2.2.5.1), the properties of entries and
 * containers, name matching, and the ab.* knobs. README.md "The address book" describes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"

/* ==============================================================================================
 * Knobs
 * ============================================================================================ */
static const KnobBit g_abBits[] = {
    {"ab.silentUnresolved", ABK_SILENT_UNRESOLVED},
    {"ab.ambiguousNotFound", ABK_AMBIGUOUS_NOT_FOUND},
};

HRESULT Ab_ParseKnob(const char *key, const char *value, AbKnobs *k, char *err, size_t cbErr)
{
    if (strcmp(key, "ab.users") == 0) {
        unsigned long long v;
        if (!Knobs_ParseNumber(value, AB_MAX_USERS, &v)) {
            snprintf(err, cbErr, "ab.users=%s: expected a number of users, 0..%u", value,
                     (unsigned)AB_MAX_USERS);
            return MAPI_E_INVALID_PARAMETER;
        }
        k->hasUsers = 1;
        k->users = (ULONG)v;
        return S_OK;
    }
    return Knobs_ParseBit(key, value, g_abBits, ARRAY_COUNT(g_abBits), &k->set, &k->val, err,
                          cbErr);
}

void Ab_MergeKnobs(AbKnobs *dst, const AbKnobs *over)
{
    dst->val = (dst->val & ~over->set) | (over->val & over->set);
    dst->set |= over->set;
    if (over->hasUsers) {
        dst->hasUsers = 1;
        dst->users = over->users;
    }
}

/* ==============================================================================================
 * The directory
 *
 * Entries, in this order: the data set's six senders (those in the sample's domain, example.com,
 * in the directory, the others in the contacts), ab.users generated users (default 300) in the
 * directory, then one distribution list per department and "All Staff". Generated user i has
 * j = (7 * i + 13 * seed) % 900: given name GIVEN[j % 30], surname SURNAME[j / 30], department
 * DEPTS[j % 6], address given.surname@example.com (ASCII-folded), alias given[0] + surname.
 * A generated name equal to a sender's is skipped (the next j is taken).
 * ============================================================================================ */
static const WCHAR *const g_given[30] = {
    u"Alice", u"Bob",     u"Chlo\u00E9", u"Dmitri", u"Eve",  u"Farid", u"Grace", u"Hugo",
    u"Ines",  u"Jonas",   u"Kenji",      u"Lena",   u"Marco", u"Nadia", u"Oscar", u"Priya",
    u"Quentin", u"Rosa",  u"Samir",      u"Tara",   u"Ugo",  u"Vera",  u"Wei",   u"Xavier",
    u"Yara",  u"Zoe",     u"Anna",       u"Ben",    u"Clara", u"David",
};
static const WCHAR *const g_surname[30] = {
    u"Martin", u"Chen",   u"Dubois", u"Ivanov",  u"Adams",  u"Garcia", u"M\u00FCller", u"Rossi",
    u"Tanaka", u"Novak",  u"Silva",  u"Kowalski", u"Jensen", u"Okafor", u"Haddad", u"Larsen",
    u"Moreau", u"Schmidt", u"Nguyen", u"Patel",  u"Costa",  u"Berg",   u"Fischer", u"Lopez",
    u"Weber",  u"Sato",   u"Kim",    u"Evans",   u"Brown",  u"Wilson",
};
static const WCHAR *const g_depts[6] = {u"Sales",     u"Engineering", u"Finance",
                                        u"Support",   u"Marketing",   u"Research"};

static const WCHAR g_domain[] = u"@example.com";

/* a + b (+ c), malloc'ed. */
static WCHAR *WCat(const WCHAR *a, const WCHAR *b, const WCHAR *c)
{
    size_t na = WStrLen(a), nb = b ? WStrLen(b) : 0, nc = c ? WStrLen(c) : 0;
    WCHAR *s = malloc((na + nb + nc + 1) * sizeof *s);
    if (!s)
        return NULL;
    memcpy(s, a, na * 2);
    if (nb)
        memcpy(s + na, b, nb * 2);
    if (nc)
        memcpy(s + na + nb, c, nc * 2);
    s[na + nb + nc] = 0;
    return s;
}

/* Lower-case ASCII for an address: accented Latin letters lose their accent (ü -> u). */
static WCHAR *WAddrPart(const WCHAR *s, size_t max)
{
    size_t n = WStrLen(s);
    if (n > max)
        n = max;
    WCHAR *o = malloc((n + 1) * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        WCHAR c = FoldCase(s[i]);
        if (c >= 0xE0 && c <= 0xE5)
            c = 'a';
        else if (c >= 0xE8 && c <= 0xEB)
            c = 'e';
        else if (c >= 0xF2 && c <= 0xF6)
            c = 'o';
        else if (c >= 0xF9 && c <= 0xFC)
            c = 'u';
        o[i] = c;
    }
    o[n] = 0;
    return o;
}

static int WEq(const WCHAR *a, const WCHAR *b, int fold)
{
    for (;; a++, b++) {
        WCHAR x = fold ? FoldCase(*a) : *a, y = fold ? FoldCase(*b) : *b;
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

static int WPrefix(const WCHAR *s, const WCHAR *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || FoldCase(*s) != FoldCase(*prefix))
            return 0;
    return 1;
}

static void FreeEntry(AbEntry *e)
{
    free(e->name), free(e->given), free(e->surname), free(e->email), free(e->account);
    free(e->dept), free(e->members);
}

/* A user entry: name = given + " " + surname (or `name` as given). 0 when out of memory. */
static int AddUser(AbDir *d, ULONG container, const WCHAR *name, const WCHAR *given,
                   const WCHAR *surname, const WCHAR *email, const WCHAR *dept)
{
    AbEntry *e = &d->e[d->c];
    memset(e, 0, sizeof *e);
    e->type = MAPI_MAILUSER;
    e->container = container;
    e->name = name ? WStrDup(name) : WCat(given, u" ", surname);
    e->email = WStrDup(email);
    const WCHAR *at = e->email;
    while (at && *at && *at != '@')
        at++;
    e->account = e->email ? WAddrPart(e->email, (size_t)(at - e->email)) : NULL;
    e->given = given ? WStrDup(given) : NULL;
    e->surname = surname ? WStrDup(surname) : NULL;
    e->dept = dept ? WStrDup(dept) : NULL;
    d->c++;
    return e->name && e->email && e->account && (!given || e->given) &&
           (!surname || e->surname) && (!dept || e->dept);
}

static int AddList(AbDir *d, const WCHAR *name, const WCHAR *local, const WCHAR *dept)
{
    AbEntry *e = &d->e[d->c];
    memset(e, 0, sizeof *e);
    e->type = MAPI_DISTLIST;
    e->container = AB_DIRECTORY;
    e->name = WStrDup(name);
    e->email = WCat(local, g_domain, NULL);
    e->account = WStrDup(local);
    ULONG n = d->c;
    e->members = malloc((n ? n : 1) * sizeof *e->members);
    d->c++;
    if (!e->name || !e->email || !e->account || !e->members)
        return 0;
    for (ULONG i = 0; i < n; i++) {
        const AbEntry *u = &d->e[i];
        if (u->type == MAPI_MAILUSER && u->container == AB_DIRECTORY &&
            (!dept || (u->dept && WEq(u->dept, dept, 0))))
            e->members[e->cMembers++] = i;
    }
    return 1;
}

static int IsSenderName(const WCHAR *given, const WCHAR *surname)
{
    for (ULONG i = 0; i < DATA_SENDERS; i++) {
        const WCHAR *name, *email;
        Data_Sender(i, &name, &email);
        size_t ng = WStrLen(given);
        if (memcmp(name, given, ng * 2) == 0 && name[ng] == ' ' && WEq(name + ng + 1, surname, 0))
            return 1;
    }
    return 0;
}

static int GenUsers(AbDir *d, ULONG users, ULONG seed)
{
    ULONG j = (13u * seed) % 900u;
    for (ULONG i = 0; i < users; i++, j = (j + 7u) % 900u) {
        while (IsSenderName(g_given[j % 30], g_surname[j / 30]))
            j = (j + 7u) % 900u;
        const WCHAR *given = g_given[j % 30], *surname = g_surname[j / 30];
        WCHAR *g = WAddrPart(given, 64), *s = WAddrPart(surname, 64);
        WCHAR *email = g && s ? WCat(g, u".", s) : NULL;
        WCHAR *full = email ? WCat(email, g_domain, NULL) : NULL;
        int ok = full && AddUser(d, AB_DIRECTORY, NULL, given, surname, full, g_depts[j % 6]);
        free(g), free(s), free(email), free(full);
        if (!ok)
            return 0;
        /* The alias is the given name's initial and the surname. */
        AbEntry *e = &d->e[d->c - 1];
        WCHAR *alias = WAddrPart(surname, 64);
        WCHAR ini[2] = {FoldCase(given[0]), 0};
        WCHAR *a = alias ? WCat(ini, alias, NULL) : NULL;
        free(alias);
        if (!a)
            return 0;
        free(e->account);
        e->account = a;
    }
    return 1;
}

HRESULT AbDir_Create(const Knobs *k, AbDir **out)
{
    ULONG users = k->ab.hasUsers ? k->ab.users : AB_DEFAULT_USERS;
    AbDir *d = calloc(1, sizeof *d);
    if (!d)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    d->cRef = 1;
    d->e = calloc(DATA_SENDERS + users + ARRAY_COUNT(g_depts) + 1, sizeof *d->e);
    int ok = d->e != NULL;
    for (ULONG i = 0; ok && i < DATA_SENDERS; i++) {
        const WCHAR *name, *email;
        Data_Sender(i, &name, &email);
        size_t n = WStrLen(email), nd = WStrLen(g_domain);
        int ours = n > nd && WEq(email + n - nd, g_domain, 1);
        ok = AddUser(d, ours ? AB_DIRECTORY : AB_CONTACTS, name, NULL, NULL, email, NULL);
    }
    ok = ok && GenUsers(d, users, k->seed);
    for (ULONG i = 0; ok && i < ARRAY_COUNT(g_depts); i++) {
        WCHAR *name = WCat(g_depts[i], u" Team", NULL), *local = WAddrPart(g_depts[i], 64);
        ok = name && local && AddList(d, name, local, g_depts[i]);
        free(name), free(local);
    }
    ok = ok && AddList(d, u"All Staff", u"all-staff", NULL);
    if (!ok) {
        AbDir_Release(d);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = d;
    return S_OK;
}

void AbDir_AddRef(AbDir *d) { Plat_AtomicInc(&d->cRef); }

void AbDir_Release(AbDir *d)
{
    if (!d || Plat_AtomicDec(&d->cRef) != 0)
        return;
    for (ULONG i = 0; i < d->c; i++)
        FreeEntry(&d->e[i]);
    free(d->e);
    free(d);
}

/* ==============================================================================================
 * Entry ids
 * ============================================================================================ */
static const BYTE g_abUid[16] = {'K', 'M', 'A', 'P', 'I', '-', 'S', 'A',
                                 'M', 'P', 'L', 'E', '-', 'A', 'D', 'R'};
static const BYTE g_oneOffUid[16] = {0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19,
                                     0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02};

static ULONG Le32(const BYTE *p) { return p[0] | p[1] << 8 | p[2] << 16 | (ULONG)p[3] << 24; }
static void PutLe32(BYTE *p, ULONG v)
{
    p[0] = (BYTE)v, p[1] = (BYTE)(v >> 8), p[2] = (BYTE)(v >> 16), p[3] = (BYTE)(v >> 24);
}

void AbId_Write(ULONG type, ULONG id, BYTE out[AB_EID_SIZE])
{
    memset(out, 0, 4);
    memcpy(out + 4, g_abUid, 16);
    PutLe32(out + 20, type);
    PutLe32(out + 24, id);
}

HRESULT AbId_ToMapi(ULONG type, ULONG id, ULONG *lpcb, LPENTRYID *lppEntryID)
{
    void *p = NULL;
    SCODE sc = MAPIAllocateBuffer(AB_EID_SIZE, &p);
    if (sc != S_OK)
        return sc;
    AbId_Write(type, id, p);
    *lpcb = AB_EID_SIZE;
    *lppEntryID = p;
    return S_OK;
}

void AbId_Free(AbId *id)
{
    free(id->ooName), free(id->ooType), free(id->ooAddr);
    id->ooName = id->ooType = id->ooAddr = NULL;
}

/* The next NUL-terminated string of a one-off at *pos, as malloc'ed UTF-16; NULL when it runs
 * past the end. */
static WCHAR *OneOffString(const BYTE *p, ULONG cb, ULONG *pos, int unicode)
{
    ULONG start = *pos, i = start;
    if (unicode) {
        while (i + 1 < cb && (p[i] | p[i + 1]))
            i += 2;
        if (i + 1 >= cb)
            return NULL;
        WCHAR *s = malloc((i - start) + 2);
        if (s) {
            for (ULONG k = start, o = 0; k < i; k += 2, o++)
                s[o] = (WCHAR)(p[k] | p[k + 1] << 8);
            s[(i - start) / 2] = 0;
        }
        *pos = i + 2;
        return s;
    }
    while (i < cb && p[i])
        i++;
    if (i >= cb)
        return NULL;
    *pos = i + 1;
    return WStrFromA((const char *)p + start);
}

int Ab_IsAddressBookId(ULONG cb, const ENTRYID *eid)
{
    const BYTE *p = (const BYTE *)eid;
    return eid && cb >= 20 && (memcmp(p + 4, g_abUid, 16) == 0 || memcmp(p + 4, g_oneOffUid, 16) == 0);
}

HRESULT AbId_Parse(const AbDir *d, ULONG cb, const ENTRYID *eid, AbId *out)
{
    memset(out, 0, sizeof *out);
    const BYTE *p = (const BYTE *)eid;
    if (!eid || cb < 20)
        return MAPI_E_INVALID_ENTRYID;
    if (memcmp(p + 4, g_oneOffUid, 16) == 0) {
        if (cb < 24 || (p[20] | p[21]) != 0) /* wVersion 0 */
            return MAPI_E_INVALID_ENTRYID;
        int unicode = (p[22] | p[23] << 8) & MAPI_ONE_OFF_UNICODE;
        ULONG pos = 24;
        out->oneOff = 1;
        out->type = MAPI_MAILUSER;
        out->ooName = OneOffString(p, cb, &pos, unicode);
        out->ooType = out->ooName ? OneOffString(p, cb, &pos, unicode) : NULL;
        out->ooAddr = out->ooType ? OneOffString(p, cb, &pos, unicode) : NULL;
        if (!out->ooAddr || !out->ooType[0] || !out->ooAddr[0]) {
            AbId_Free(out);
            return MAPI_E_INVALID_ENTRYID;
        }
        return S_OK;
    }
    if (memcmp(p + 4, g_abUid, 16) != 0)
        return MAPI_E_UNKNOWN_ENTRYID;
    if (cb != AB_EID_SIZE)
        return MAPI_E_INVALID_ENTRYID;
    out->type = Le32(p + 20);
    out->id = Le32(p + 24);
    if (out->type == MAPI_ABCONT)
        return out->id < AB_CONTAINERS ? S_OK : MAPI_E_INVALID_ENTRYID;
    if ((out->type == MAPI_MAILUSER || out->type == MAPI_DISTLIST) && out->id < d->c &&
        d->e[out->id].type == out->type)
        return S_OK;
    return MAPI_E_INVALID_ENTRYID;
}

HRESULT AbOneOff_ToMapi(const WCHAR *name, const WCHAR *type, const WCHAR *addr, int unicode,
                        int noRich, ULONG *lpcb, LPENTRYID *lppEntryID)
{
    const WCHAR *s[3] = {name, type, addr};
    char *a[3] = {NULL, NULL, NULL};
    size_t cb = 24;
    for (int i = 0; i < 3; i++) {
        if (unicode) {
            cb += (WStrLen(s[i]) + 1) * 2;
        } else if (!(a[i] = AStrFromW(s[i]))) {
            free(a[0]), free(a[1]);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        } else {
            cb += strlen(a[i]) + 1;
        }
    }
    BYTE *p = NULL;
    SCODE sc = MAPIAllocateBuffer((ULONG)cb, (void **)&p);
    if (sc == S_OK) {
        memset(p, 0, 4);
        memcpy(p + 4, g_oneOffUid, 16);
        ULONG wFlags = (unicode ? MAPI_ONE_OFF_UNICODE : 0) | (noRich ? MAPI_ONE_OFF_NO_RICH_INFO : 0);
        p[20] = p[21] = 0;
        p[22] = (BYTE)wFlags, p[23] = (BYTE)(wFlags >> 8);
        size_t pos = 24;
        for (int i = 0; i < 3; i++) {
            if (unicode) {
                for (size_t k = 0; k <= WStrLen(s[i]); k++, pos += 2)
                    p[pos] = (BYTE)s[i][k], p[pos + 1] = (BYTE)(s[i][k] >> 8);
            } else {
                memcpy(p + pos, a[i], strlen(a[i]) + 1);
                pos += strlen(a[i]) + 1;
            }
        }
        *lpcb = (ULONG)cb;
        *lppEntryID = (LPENTRYID)p;
    }
    free(a[0]), free(a[1]), free(a[2]);
    return sc;
}

/* ==============================================================================================
 * Names
 * ============================================================================================ */
int Ab_AnrMatch(const AbEntry *e, const WCHAR *text)
{
    if (!text || !*text)
        return 0;
    if (WPrefix(e->email, text) || WPrefix(e->account, text) ||
        (e->given && WPrefix(e->given, text)) || (e->surname && WPrefix(e->surname, text)))
        return 1;
    for (const WCHAR *w = e->name; *w;) { /* the display name and each of its words */
        if (WPrefix(w, text))
            return 1;
        while (*w && *w != ' ')
            w++;
        while (*w == ' ')
            w++;
    }
    return 0;
}

static int InScope(const AbEntry *e, ULONG container)
{
    return container == 0 || e->container == container;
}

void Ab_Match(const AbDir *d, ULONG container, const WCHAR *text, ULONG *found, ULONG *index)
{
    *found = 0, *index = 0;
    if (!text || !*text)
        return;
    for (int pass = 0; pass < 2 && *found == 0; pass++) {
        for (ULONG i = 0; i < d->c; i++) {
            const AbEntry *e = &d->e[i];
            if (!InScope(e, container))
                continue;
            int hit = pass == 0 ? WEq(e->name, text, 1) || WEq(e->email, text, 1)
                                : Ab_AnrMatch(e, text);
            if (hit && (*found)++ == 0)
                *index = i;
        }
    }
    if (*found > 2)
        *found = 2;
}
