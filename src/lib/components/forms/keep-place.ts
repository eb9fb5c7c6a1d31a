import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance={keepPlace}`: the form is sent without a reload and the page stays where it was. SvelteKit's
 * own update puts the focus back on the page's top after a successful action; a person who just tapped
 * "C'est fait" halfway down keeps their place, so the focus goes back to the element that had it (when it
 * is still there), without scrolling.
 */
export const keepPlace: SubmitFunction = () => {
	const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
	return async ({ update }) => {
		await update();
		if (active && active !== document.body && document.contains(active)) active.focus({ preventScroll: true });
	};
};
