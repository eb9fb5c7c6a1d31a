/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Small on purpose (participants have small data plans): the offline page and the icon are kept,
// nothing else is cached; pages are always fetched fresh (they carry personal data).
// Web push: show what the server sent; a tap opens the page it names.
import { version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `tablee-${version}`;
// The offline page runs no script and carries its styles inside its HTML (kit.inlineStyleThreshold), so
// no stylesheet is fetched at install: the first page a phone opens does not queue its own scripts behind
// forty CSS files.
const KEPT = ['/icons/icon-192.png', '/manifest.webmanifest'];

async function install() {
	const cache = await caches.open(CACHE);
	await cache.addAll(KEPT);
	// Fetched without cookies: the cached page must carry nobody's name.
	await cache.put('/offline', await fetch('/offline', { credentials: 'omit' }));
	await sw.skipWaiting();
}

sw.addEventListener('install', (event) => {
	event.waitUntil(install());
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	if (event.request.mode !== 'navigate') return;
	event.respondWith(fetch(event.request).catch(async () => (await caches.match('/offline')) ?? Response.error()));
});

sw.addEventListener('push', (event) => {
	let message = { title: 'Tablée', body: '', href: '/' };
	try {
		message = { ...message, ...(event.data?.json() as Partial<typeof message>) };
	} catch {
		message.body = event.data?.text() ?? '';
	}
	event.waitUntil(
		sw.registration.showNotification(message.title, {
			body: message.body,
			icon: '/icons/icon-192.png',
			data: { href: message.href }
		})
	);
});

sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const href = String((event.notification.data as { href?: string } | null)?.href ?? '/');
	event.waitUntil(sw.clients.openWindow(href.startsWith('/') ? href : '/'));
});
