import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance={keepPlace}`: the form is sent without a reload and the page stays where it was. SvelteKit's
 * own update puts the focus back on the page's top after a successful action; a person who just tapped
 * "C'est fait" halfway down keeps their place, so the focus goes back to the element that had it (when it
 * is still there), without scrolling.
 *
 * A refused form keeps what was typed (SvelteKit resets a form only after a success), except its secrets:
 * a PIN or a password never stays in the page after a refusal, as on a page rendered by the server, which
 * never sends one back.
 */
export const keepPlace: SubmitFunction = ({ formElement }) => {
	const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
	return async ({ result, update }) => {
		await update();
		if (result.type === 'failure')
			for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type=password]')) input.value = '';
		if (active && active !== document.body && document.contains(active)) active.focus({ preventScroll: true });
	};
};
