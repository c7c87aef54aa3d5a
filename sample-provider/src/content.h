/*
 * content.h - what a message holds besides its properties: its recipients and its attachments
 * (each attachment with its own properties and, for ATTACH_EMBEDDED_MSG, a whole message).
 *
 * Records are plain data guarded by the data-set lock, like the rest of data.h. A stored message
 * (MsgRec) has a SubObjs once it has been saved; a generated one computes its recipients and
 * attachments from (seed, folder, index) when it is opened. Open messages and attachments edit
 * private deep copies (MAPI's transactions): an attachment's SaveChanges commits into its open
 * message's copy, the message's SaveChanges commits into the store.
 */
#ifndef KMAPI_SAMPLE_CONTENT_H
#define KMAPI_SAMPLE_CONTENT_H

#include "props.h"

typedef struct MsgContent MsgContent;

typedef struct RecipRec {
    ULONG rowId; /* PR_ROWID: unique in its message, assigned by the provider */
    PropBag props;
} RecipRec;

typedef struct AttachRec {
    ULONG num; /* PR_ATTACH_NUM: unique in its message, never reused */
    PropBag props;
    MsgContent *embedded; /* PR_ATTACH_DATA_OBJ of an ATTACH_EMBEDDED_MSG attachment, or NULL */
} AttachRec;

typedef struct SubObjs {
    RecipRec *recips;
    ULONG cRecips, capRecips, nextRowId;
    AttachRec *atts;
    ULONG cAtts, capAtts, nextAttNum;
} SubObjs;

/* An embedded message: properties and parts, no entry id of its own. */
struct MsgContent {
    PropBag props;
    SubObjs subs;
};

void Subs_Free(SubObjs *s);
HRESULT Subs_CopyFrom(SubObjs *dst, const SubObjs *src); /* dst must be empty */
void Content_Free(MsgContent *c);                       /* and the struct itself */
HRESULT Content_Copy(const MsgContent *src, MsgContent **out);

RecipRec *Subs_FindRecip(SubObjs *s, ULONG rowId);
AttachRec *Subs_FindAttach(SubObjs *s, ULONG num);
/* Appends a recipient (deep copy of props) with the next row id. */
HRESULT Subs_AddRecip(SubObjs *s, const SPropValue *props, ULONG c, ULONG *rowId);
HRESULT Subs_ReplaceRecip(RecipRec *r, const SPropValue *props, ULONG c);
void Subs_RemoveRecip(SubObjs *s, ULONG rowId);
/* Puts a deep copy of (props, embedded) as attachment `num`, replacing one with that number. */
HRESULT Subs_PutAttach(SubObjs *s, ULONG num, const PropBag *props, const MsgContent *embedded);
int Subs_RemoveAttach(SubObjs *s, ULONG num); /* 1 when it was there */

/* What a store computes from the parts when a message is saved: PR_DISPLAY_TO_W / _CC_W /
 * _BCC_W (names joined with "; "), PR_HASATTACH and MSGFLAG_HASATTACH in PR_MESSAGE_FLAGS. */
HRESULT Subs_StampSummary(PropBag *bag, const SubObjs *subs);
/* Size of an attachment as PR_ATTACH_SIZE counts it (its values plus the embedded message's). */
ULONG Attach_Size(const PropBag *props, const MsgContent *embedded);

#endif /* KMAPI_SAMPLE_CONTENT_H */
