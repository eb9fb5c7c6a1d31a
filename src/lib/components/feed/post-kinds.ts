import { m } from '#lib/paraglide/messages.js';

import type { PostKind } from '#lib/feed/contract.ts';

export type { PostKind };

/** Each kind of post: an icon (never alone: always with its word) and its word. */
export const POST_KIND_LABELS: Record<PostKind, { icon: string; label: () => string }> = {
	announcement: { icon: '📢', label: m.feed_kind_announcement },
	job_offer: { icon: '💼', label: m.feed_kind_job_offer },
	event: { icon: '📅', label: m.feed_kind_event },
	reminder: { icon: '🔔', label: m.feed_kind_reminder }
};
