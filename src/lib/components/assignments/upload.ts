/** What became of a send: stored, refused (with the server's words), or lost on the way (no connection). */
export type SendOutcome =
	| { kind: 'sent'; version: number }
	| { kind: 'refused'; status: number; message: string; errors: Record<string, string> }
	| { kind: 'network' };

/**
 * Posts the form with XMLHttpRequest rather than fetch: only XHR reports upload progress.
 * `onProgress` gets the share sent, from 0 to 1.
 */
export function sendWork(
	url: string,
	body: FormData,
	draftRef: string,
	onProgress: (share: number) => void,
	fallbackMessage: string
): Promise<SendOutcome> {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', url);
		xhr.setRequestHeader('accept', 'application/json');
		// Sent again after a lost answer, the server knows this draft before reading the files.
		xhr.setRequestHeader('x-draft-ref', draftRef);
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
		};
		xhr.onload = () => {
			let answer: { version?: number; message?: string; errors?: Record<string, string> } = {};
			try {
				answer = JSON.parse(xhr.responseText);
			} catch {
				// not our JSON (a proxy's page): the status says enough
			}
			if (xhr.status === 200 && typeof answer.version === 'number') resolve({ kind: 'sent', version: answer.version });
			else if (xhr.status === 0) resolve({ kind: 'network' });
			else {
				const message = xhr.status < 500 && answer.message ? answer.message : fallbackMessage;
				resolve({ kind: 'refused', status: xhr.status, message, errors: answer.errors ?? {} });
			}
		};
		xhr.onerror = xhr.ontimeout = xhr.onabort = () => resolve({ kind: 'network' });
		xhr.send(body);
	});
}
