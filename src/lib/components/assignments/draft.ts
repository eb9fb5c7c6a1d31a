/**
 * A participant's draft, kept on the phone: the text in localStorage (small, synchronous), the
 * prepared files in IndexedDB (blobs, too big for localStorage). Keyed by person and activity.
 * Storage can be refused (private browsing, a full phone): then the draft lives as long as the page.
 */
export interface DraftFile {
	name: string;
	type: string;
	source: 'camera' | 'file';
	blob: Blob;
}
export interface DraftText {
	text: string;
	/** Names this draft for the server: sent twice, it is stored once. */
	clientRef: string;
	/** The person pressed "Send" and it could not go: send it as soon as the connection is back. */
	pending: boolean;
}

const textKey = (key: string) => `tablee:draft:${key}`;

export function loadDraftText(key: string): DraftText | null {
	try {
		const raw = localStorage.getItem(textKey(key));
		return raw ? (JSON.parse(raw) as DraftText) : null;
	} catch {
		return null;
	}
}

export function saveDraftText(key: string, draft: DraftText): boolean {
	try {
		localStorage.setItem(textKey(key), JSON.stringify(draft));
		return true;
	} catch {
		return false;
	}
}

function database(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('tablee-drafts', 1);
		request.onupgradeneeded = () => request.result.createObjectStore('files');
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function withFiles<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await database();
	try {
		return await new Promise<T>((resolve, reject) => {
			const request = work(db.transaction('files', mode).objectStore('files'));
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	} finally {
		db.close();
	}
}

export async function loadDraftFiles(key: string): Promise<DraftFile[]> {
	try {
		return ((await withFiles('readonly', (s) => s.get(key))) as DraftFile[] | undefined) ?? [];
	} catch {
		return [];
	}
}

export async function saveDraftFiles(key: string, files: DraftFile[]): Promise<boolean> {
	try {
		await withFiles<unknown>(
			'readwrite',
			(s) => (files.length ? s.put(files, key) : s.delete(key)) as IDBRequest<unknown>
		);
		return true;
	} catch {
		return false;
	}
}

export async function clearDraft(key: string): Promise<void> {
	try {
		localStorage.removeItem(textKey(key));
	} catch {
		// nothing kept
	}
	await saveDraftFiles(key, []);
}

export const newClientRef = () => crypto.randomUUID();
