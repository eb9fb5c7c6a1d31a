import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { clock } from '#lib/server/clock.ts';

const FILE_ID = /^[a-z2-7]{16}$/;

/**
 * Uploaded files on disk: `<root>/<id>` once their rows are committed, `<root>/tmp/<id>` while they
 * arrive. Names are our random ids, never what the user called the file.
 */
export class UploadStore {
	readonly tmpDir: string;
	private ready: Promise<void> | undefined;

	constructor(readonly root: string) {
		this.tmpDir = join(root, 'tmp');
	}

	private ensure(): Promise<void> {
		this.ready ??= mkdir(this.tmpDir, { recursive: true }).then(() => undefined);
		return this.ready;
	}

	private checked(id: string): string {
		if (!FILE_ID.test(id)) throw new Error(`not a file id: ${id}`);
		return id;
	}

	path(id: string): string {
		return join(this.root, this.checked(id));
	}

	tmpPath(id: string): string {
		return join(this.tmpDir, this.checked(id));
	}

	/**
	 * Writes a stream of bytes to the temporary file of `id`, hashing as it goes. Stops at `maxBytes`
	 * (returns `tooBig`, the partial file removed): the caller decides what to tell the sender.
	 */
	async writeTemp(
		id: string,
		chunks: AsyncIterable<Uint8Array>,
		maxBytes: number
	): Promise<{ size: number; sha256: string; head: Buffer; tooBig: boolean }> {
		await this.ensure();
		const path = this.tmpPath(id);
		const file = await open(path, 'wx', 0o600);
		const hash = createHash('sha256');
		const head: Buffer[] = [];
		let headBytes = 0;
		let size = 0;
		let ok = false;
		try {
			for await (const chunk of chunks) {
				size += chunk.length;
				if (size > maxBytes) return { size, sha256: '', head: Buffer.alloc(0), tooBig: true };
				hash.update(chunk);
				// The first bytes are kept to read an image's size without opening the file again.
				if (headBytes < 256 * 1024) {
					head.push(Buffer.from(chunk));
					headBytes += chunk.length;
				}
				await file.write(chunk);
			}
			ok = true;
			return { size, sha256: hash.digest('hex'), head: Buffer.concat(head), tooBig: false };
		} finally {
			await file.close();
			if (!ok) await rm(path, { force: true });
		}
	}

	/**
	 * Copies a stored file to the temporary file of `toId`, to be committed (`promote`) or dropped (`discardTemp`)
	 * like an upload: a file of its own, so that removing either never touches the other. The file system clones
	 * it where it can (copy-on-write), and copies the bytes elsewhere.
	 */
	async copyToTemp(fromId: string, toId: string): Promise<void> {
		await this.ensure();
		await copyFile(this.path(fromId), this.tmpPath(toId), constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
	}

	/** Moves committed files from tmp to their place. */
	async promote(ids: string[]): Promise<void> {
		for (const id of ids) {
			try {
				await rename(this.tmpPath(id), this.path(id));
			} catch (e) {
				// The sweep may have finished this move already.
				if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !(await stat(this.path(id)).catch(() => null))) throw e;
			}
		}
	}

	/**
	 * Runs `write` (the transaction whose rows name the staged files `ids`), then moves into place the files it
	 * kept (all of them, unless `kept` says which) and drops the others; if `write` throws, drops them all.
	 */
	async commit<T>(ids: string[], write: () => Promise<T>, kept: (result: T) => string[] = () => ids): Promise<T> {
		let result: T;
		try {
			result = await write();
		} catch (e) {
			await this.discardTemp(ids);
			throw e;
		}
		const keep = new Set(kept(result));
		await this.promote(ids.filter((id) => keep.has(id)));
		await this.discardTemp(ids.filter((id) => !keep.has(id)));
		return result;
	}

	async discardTemp(ids: string[]): Promise<void> {
		await Promise.all(ids.map((id) => rm(this.tmpPath(id), { force: true })));
	}

	async remove(ids: string[]): Promise<void> {
		await Promise.all(ids.map((id) => rm(this.path(id), { force: true })));
	}

	/** Files in the store (or in tmp) with their age, for the sweep. */
	async list(where: 'final' | 'tmp', now = clock.now()): Promise<{ id: string; ageMs: number }[]> {
		await this.ensure();
		const dir = where === 'tmp' ? this.tmpDir : this.root;
		const found: { id: string; ageMs: number }[] = [];
		for (const entry of await readdir(dir, { withFileTypes: true })) {
			if (!entry.isFile() || !FILE_ID.test(entry.name)) continue;
			try {
				found.push({ id: entry.name, ageMs: now - (await stat(join(dir, entry.name))).mtimeMs });
			} catch {
				// gone in the meantime
			}
		}
		return found;
	}
}

const stores = new Map<string, UploadStore>();

/** The app's store: DATA_DIR/uploads (DATA_DIR as the database settings read it). */
export function uploadStore(env: NodeJS.ProcessEnv = process.env): UploadStore {
	const root = join(env.DATA_DIR ?? './data', 'uploads');
	let store = stores.get(root);
	if (!store) stores.set(root, (store = new UploadStore(root)));
	return store;
}
