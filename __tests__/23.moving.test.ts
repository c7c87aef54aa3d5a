/**
 * Moving things around and sending: CopyMessages (copy, move), CopyFolder, DeleteFolder, EmptyFolder,
 * CopyTo, SetReadFlag and SubmitMessage, with IMAPIProgress implemented in JS, against the sample provider.
 */
import { MapiError, type Folder, type Mapi, type Message, type Session, type Store } from '../lib';
import { init, expectNoLeaks } from './helpers/provider';

let mapi: Mapi;
let session: Session;
let store: Store;
beforeEach(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' }); // a fresh data set per test: these tests move things
  store = session.defaultStore();
});
afterEach(() => mapi.uninitialize());
expectNoLeaks();

const ids = (f: Folder): string[] => {
  using t = f.contents({ columns: ['PR_ENTRYID'] });
  return t.all().map((r) => (r.PR_ENTRYID as Buffer).toString('hex').toUpperCase());
};
const subjects = (f: Folder): string[] => {
  using t = f.contents({ columns: ['PR_SUBJECT_W'], sort: ['PR_SUBJECT_W'] });
  return t.all().map((r) => String(r.PR_SUBJECT_W));
};

describe('CopyMessages', () => {
  test('copies keep the source, moves empty it; both bring recipients and attachments, and report progress', () => {
    using inbox = store.folder('Inbox');
    using projects = store.folder('Inbox/Projects');
    const all = ids(inbox);
    const before = subjects(projects).length;
    const q1 = subjects(projects).filter((x) => x === 'Quarterly report #1').length; // Projects has its own #1
    const seen: [number, number][] = [];
    inbox.copyMessages(all.slice(0, 3), projects, { progress: (d, t) => void seen.push([d, t]) });
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(subjects(projects)).toHaveLength(before + 3);
    expect(ids(inbox)).toEqual(all);
    inbox.copyMessages(all.slice(0, 1), projects, { move: true });
    expect(ids(inbox)).toEqual(all.slice(1));
    // The moved copy (new entry id) keeps what the generated message had.
    using t = projects.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'], restrict: { prop: 'PR_SUBJECT_W', value: 'Quarterly report #1' } });
    const rows = t.all();
    expect(rows).toHaveLength(q1 + 2); // and the copy and the moved one, last
    using moved = store.openEntry(rows[rows.length - 1].PR_ENTRYID as Buffer) as Message;
    expect(moved.recipients().map((r) => r.email)).toEqual(['user@sample.kmapi']);
    expect(moved.attachments().map((a) => a.name)).toEqual(['report-1.txt', 'Fwd: sample message #1', 'data-1.bin']);
    expect(() => store.openEntry(all[0])).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_FOUND' }));
  });

  test('a progress function that returns false cancels: MAPI_E_USER_CANCEL, and what was done stays done', () => {
    using inbox = store.folder('Inbox');
    using sent = store.folder('Sent Items');
    const before = ids(sent).length;
    expect(() => inbox.copyMessages(ids(inbox).slice(0, 5), sent, { progress: (done) => done < 2 })).toThrow(
      expect.objectContaining({ code: 'MAPI_E_USER_CANCEL', message: expect.stringContaining('IMAPIFolder::CopyMessages') }),
    );
    expect(ids(sent)).toHaveLength(before + 2);
  });

  test('entries that are not messages of the folder: MAPI_W_PARTIAL_COMPLETION as an error, the rest done', () => {
    using inbox = store.folder('Inbox');
    using drafts = store.folder('Drafts');
    const d = ids(drafts);
    expect(() => drafts.copyMessages([d[0], ids(inbox)[0]], inbox)).toThrow(expect.objectContaining({ code: 'MAPI_W_PARTIAL_COMPLETION' }));
    expect(ids(inbox)).toHaveLength(26);
    expect(() => inbox.copyMessages(['zz'], drafts)).toThrow(expect.objectContaining({ code: 'ERR_ENTRYID' }));
    expect(() => inbox.copyMessages([d[0]], {} as never)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
  });
});

describe('folders', () => {
  test('CopyFolder copies a subtree, FOLDER_MOVE re-parents it (same entry id), cycles and collisions are refused', () => {
    using inbox = store.folder('Inbox');
    using archive = inbox.createFolder('Archive');
    using projects = store.folder('Inbox/Projects');
    inbox.copyFolder(projects, archive, { name: 'Projects copy' });
    using copy = store.folder('Inbox/Archive/Projects copy');
    expect(copy.subfolders().map((f) => f.name)).toEqual(['2026']);
    expect(subjects(copy)).toEqual(subjects(projects));
    expect(() => inbox.copyFolder(projects, archive, { name: 'Projects copy' })).toThrow(expect.objectContaining({ code: 'MAPI_E_COLLISION' }));
    expect(() => archive.copyFolder(copy, copy)).toThrow(expect.objectContaining({ code: 'MAPI_E_FOLDER_CYCLE' }));
    const eid = projects.entryId;
    inbox.copyFolder(projects, archive, { move: true });
    using moved = store.folder('Inbox/Archive/Projects');
    expect(moved.entryId).toBe(eid);
    expect(inbox.subfolders().map((f) => f.name)).toEqual(['Archive']);
    using sent = store.folder('Sent Items');
    using ipm = store.ipmSubtree();
    expect(() => ipm.copyFolder(sent, archive, { move: true })).toThrow(expect.objectContaining({ code: 'MAPI_E_NO_ACCESS' }));
  });

  test('DeleteFolder needs force for a folder with contents; EmptyFolder empties and reports progress', () => {
    using inbox = store.folder('Inbox');
    using projects = store.folder('Inbox/Projects');
    expect(() => inbox.deleteFolder(projects)).toThrow(expect.objectContaining({ code: 'MAPI_E_HAS_FOLDERS' }));
    let calls = 0;
    projects.emptyFolder({ progress: () => void calls++ });
    expect(calls).toBe(4); // 3 messages and 1 subfolder
    expect(ids(projects)).toEqual([]);
    expect(projects.subfolders()).toEqual([]);
    inbox.deleteFolder(projects);
    expect(inbox.subfolders()).toEqual([]);
    using again = inbox.createFolder('Again');
    using d = store.folder('Drafts');
    d.copyMessages(ids(d), again);
    expect(() => inbox.deleteFolder(again)).toThrow(expect.objectContaining({ code: 'MAPI_E_HAS_MESSAGES' }));
    inbox.deleteFolder(again, { force: true });
  });
});

describe('messages', () => {
  test('copyTo copies properties, recipients and attachments, minus exclusions; noReplace keeps the destination', () => {
    using inbox = store.folder('Inbox');
    using drafts = store.folder('Drafts');
    using src = inbox.openEntry(ids(inbox)[0]) as Message;
    using dst = drafts.createMessage({ PR_SUBJECT_W: 'kept', PR_IMPORTANCE: 0 }, { save: false });
    src.copyTo(dst, { exclude: ['PR_BODY_W', 'PR_MESSAGE_ATTACHMENTS'], noReplace: true });
    expect(dst.get('PR_SUBJECT_W')).toBe('kept');
    expect(dst.get('PR_BODY_W')).toBeUndefined();
    expect(dst.get('PR_SENDER_NAME_W')).toBe(src.get('PR_SENDER_NAME_W'));
    expect(dst.recipients().map((r) => r.email)).toEqual(['user@sample.kmapi']);
    expect(dst.attachments()).toEqual([]);
    src.copyTo(dst);
    expect(dst.get('PR_SUBJECT_W')).toBe(src.get('PR_SUBJECT_W'));
    expect(dst.attachments()).toHaveLength(3);
    dst.save();
    expect(() => src.copyTo(src)).toThrow(expect.objectContaining({ code: 'MAPI_E_INVALID_PARAMETER' }));
  });

  test('markRead changes the stored read state at once and the folder unread count follows', () => {
    using inbox = store.folder('Inbox');
    using t = inbox.contents({ columns: ['PR_ENTRYID'], restrict: { bitmask: 'PR_MESSAGE_FLAGS', mask: 1, op: 'eqz' } });
    const unread = t.all();
    const before = inbox.get('PR_CONTENT_UNREAD') as number;
    expect(before).toBe(unread.length);
    using m = inbox.openEntry(unread[0].PR_ENTRYID as Buffer) as Message;
    m.markRead();
    expect(inbox.get('PR_CONTENT_UNREAD')).toBe(before - 1);
    m.markRead(false);
    expect(inbox.get('PR_CONTENT_UNREAD')).toBe(before);
    m.set({ PR_SUBJECT_W: 'still saves' });
    m.save(); // our own read-flag change is not a conflict
  });
});

describe('SubmitMessage', () => {
  test('the message goes to Sent Items, leaves Drafts, and a local recipient gets it unread in the Inbox', () => {
    using drafts = store.folder('Drafts');
    using sent = store.folder('Sent Items');
    using inbox = store.folder('Inbox');
    const [sentBefore, inboxBefore, draftsBefore] = [ids(sent).length, ids(inbox).length, ids(drafts).length];
    const m = drafts.createMessage({ subject: 'Hello', body: 'Hi', to: ['someone@example.com', { email: 'user@sample.kmapi', name: 'Me' }], attachments: [{ bytes: Buffer.from('a'), name: 'a.txt' }] });
    m.submit();
    expect(() => m.get('PR_SUBJECT_W')).toThrow(expect.objectContaining({ code: 'MAPI_E_INVALID_OBJECT' })); // spent
    m.release();
    expect(ids(drafts)).toHaveLength(draftsBefore);
    expect(ids(sent)).toHaveLength(sentBefore + 1);
    using t = inbox.contents({ columns: ['PR_ENTRYID', 'PR_MESSAGE_FLAGS'], restrict: { prop: 'PR_SUBJECT_W', value: 'Hello' } });
    const [row] = t.all();
    expect(ids(inbox)).toHaveLength(inboxBefore + 1);
    expect((row.PR_MESSAGE_FLAGS as number) & 1).toBe(0); // unread
    using got = inbox.openEntry(row.PR_ENTRYID as Buffer) as Message;
    expect(got.attachments().map((a) => a.name)).toEqual(['a.txt']);
    expect(got.recipients().map((r) => r.type)).toEqual(['to', 'to']); // MAPI_SUBMITTED is a flag on the type
    using s = sent.contents({ columns: ['PR_SUBJECT_W', 'PR_MESSAGE_FLAGS'], restrict: { prop: 'PR_SUBJECT_W', value: 'Hello' } });
    expect((s.all()[0].PR_MESSAGE_FLAGS as number) & 8).toBe(0); // MSGFLAG_UNSENT cleared
  });

  test('PR_DELETE_AFTER_SUBMIT keeps no copy; PR_SENTMAIL_ENTRYID picks the folder; no recipients is MAPI_E_NO_RECIPIENTS', () => {
    using drafts = store.folder('Drafts');
    using sent = store.folder('Sent Items');
    using elsewhere = drafts.createFolder('Elsewhere');
    const before = ids(sent).length;
    const a = drafts.createMessage({ subject: 'gone', to: ['x@example.com'], props: { PR_DELETE_AFTER_SUBMIT: true } });
    a.submit();
    a.release();
    expect(ids(sent)).toHaveLength(before);
    const b = drafts.createMessage({ subject: 'there', to: ['x@example.com'], props: { PR_SENTMAIL_ENTRYID: Buffer.from(elsewhere.entryId, 'hex') } });
    b.submit();
    b.release();
    expect(subjects(elsewhere)).toEqual(['there']);
    using c = drafts.createMessage({ subject: 'nobody' });
    expect(() => c.submit()).toThrow(expect.objectContaining({ code: 'MAPI_E_NO_RECIPIENTS', message: expect.stringContaining('IMessage::SubmitMessage') }));
    expect(MapiError).toBeDefined();
  });
});
