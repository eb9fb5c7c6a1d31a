import { m } from '#lib/paraglide/messages.js';

/** Pictogram and label of each kind of informal moment. */
export const MOMENT_KINDS = {
	salon: { icon: '☕', label: m.moment_kind_salon },
	ice_breaker: { icon: '🧊', label: m.moment_kind_ice_breaker },
	coffee_break: { icon: '☕', label: m.moment_kind_coffee_break },
	peer_help: { icon: '🤝', label: m.moment_kind_peer_help },
	lunch: { icon: '🍽️', label: m.moment_kind_lunch },
	conversation: { icon: '💬', label: m.moment_kind_conversation }
} as const;

export type MomentKindKey = keyof typeof MOMENT_KINDS;
