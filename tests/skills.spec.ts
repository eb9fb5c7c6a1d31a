/**
 * Issue 5 — digital skills observed in what people actually do, on a real LiveKit server with real
 * browsers: a new participant passes the device check, turns the camera on in the room, writes in
 * the chat and hands in a document; without any facilitator action the facilitator's grid shows
 * those skills at "autonomous", seen by Tablée, and the evidence links lead to the events (the
 * activity's register, the submission). Then the facilitator adjusts one skill: the grid and the
 * person's page show it as the facilitator's, and it stays so after a newer observation.
 * (A raised hand is observed too, through LiveKit's participant attributes.)
 */
import { expect, test } from '@playwright/test';
import { parisDate, uniqueLetters } from './builders';
import { postForm, t } from './helpers';
import { buildLiveClub, closeClub, e2eDb, enterRoom, type LiveClub } from './live-helpers';

test.describe.configure({ mode: 'serial' });

let club: LiveClub;
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildLiveClub(browser, 1);
});
test.afterAll(async () => closeClub(club));

/** The observed evidence of a person, as the app stored it. */
function observed(userId: string) {
	const db = e2eDb();
	try {
		return db
			.prepare(
				"select skill_id, event, event_ref from skill_evidence where user_id = ? and source = 'observed' order by at"
			)
			.all(userId) as { skill_id: string; event: string; event_ref: string }[];
	} finally {
		db.close();
	}
}

const pdf = (bytes: number) =>
	Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, bytes - 16), 0x20), Buffer.from('\n%%EOF\n')]);

test('camera, chat and a document observed without facilitator action; an adjustment kept as the facilitator’s', async () => {
	test.setTimeout(180_000);
	const [participant] = club.participants;
	const page = participant.page;
	const fPage = club.facilitator.page;

	// An async activity of the same cohort, for the document.
	const asyncTitle = `Mon CV ${uniqueLetters()}`;
	const added = await postForm(club.facilitator.context.request, `/cohorts/${club.cohortId}?/addActivity`, {
		kind: 'async',
		title: asyncTitle,
		date: parisDate(0),
		time: '00:05',
		durationMinutes: '60',
		objectives: 'Envoyer son CV.',
		optional: ''
	});
	expect(added.status).toBe(200);
	await fPage.goto(`/cohorts/${club.cohortId}`);
	const asyncId =
		(
			(await fPage
				.locator('li.activity', { hasText: asyncTitle })
				.locator('a[href^="/assignments/"]')
				.first()
				.getAttribute('href')) ?? ''
		)
			.split('/')
			.pop() ?? '';
	expect(asyncId).toMatch(/^[a-z2-7]{16}$/);

	await test.step('the participant passes the device check, enters with the camera on and writes in the chat', async () => {
		// The device check: the page sees the (fake) camera and microphone work before the answer.
		await page.goto(`/rooms/${club.activityId}`);
		await expect(page.locator('.live-room')).toHaveAttribute('data-phase', 'check');
		await expect(page.locator('input[type=hidden][name=camera]')).toHaveCount(1, { timeout: 15_000 });
		await expect(page.locator('input[type=hidden][name=microphone]')).toHaveCount(1, { timeout: 15_000 });
		await enterRoom(page, club.activityId);
		const cameraOn = page.getByRole('button', { name: t('room_camera_on') });
		if (await cameraOn.isVisible()) await cameraOn.click();
		await expect(page.getByRole('button', { name: t('room_camera_off') })).toBeVisible({ timeout: 15_000 });
		await page
			.getByRole('button', { name: new RegExp(t('room_chat')) })
			.first()
			.click();
		await page.getByLabel(t('room_chat_label')).fill('Bonjour à tous !');
		await page.getByRole('button', { name: t('room_chat_send') }).click();
		await expect(page.getByText('Bonjour à tous !').first()).toBeVisible();
		// A raised hand is a participant attribute the server reads back from LiveKit (reconciliation).
		await page.getByRole('button', { name: t('room_hand_raise') }).click();
		await expect(page.getByRole('button', { name: t('room_hand_lower') })).toBeVisible();
		// track_published (camera), the chat report and the hand reach the server.
		await expect
			.poll(
				() =>
					observed(participant.id)
						.map((e) => e.event)
						.sort(),
				{ timeout: 20_000, message: 'observed: device check, room joined, camera published, chat message, hand raised' }
			)
			.toEqual(
				expect.arrayContaining(['camera_published', 'chat_message', 'device_check', 'hand_raised', 'room_joined'])
			);
	});

	await test.step('the participant hands in a document', async () => {
		await page.goto(`/me/assignments/${asyncId}`);
		await page
			.locator('input#files')
			.setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: pdf(20_000) });
		await page.getByRole('button', { name: t('assignment_send') }).click();
		await expect(page.getByText(t('assignment_sent'))).toBeVisible();
	});

	const row = fPage.locator(`table.grid tr[data-person="${participant.id}"]`);
	await test.step('the grid shows camera, chat and document at autonomous, seen by Tablée', async () => {
		await fPage.goto(`/cohorts/${club.cohortId}/skills`);
		for (const skill of ['camera_mic_toggle', 'use_chat', 'send_document', 'join_video_call', 'raise_hand']) {
			const cell = row.locator(`td[data-skill=${skill}]`);
			await expect(cell, skill).toHaveAttribute('data-level', 'autonomous');
			await expect(cell, skill).toHaveAttribute('data-source', 'observed');
			await expect(cell).toContainText(t('skills_level_autonomous'));
		}
		await expect(row.locator('td[data-skill=apply_online]')).toHaveAttribute('data-level', 'not_yet');
	});

	await test.step('at 1280 px the grid fits the page: one table per DigComp area, every skill there, none scrolled away', async () => {
		await fPage.setViewportSize({ width: 1280, height: 800 });
		const catalogue = e2eDb();
		const skills = catalogue.prepare('select id from digital_skill').all() as { id: string }[];
		catalogue.close();
		const shown = await row
			.locator('td[data-skill]')
			.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-skill')));
		expect(shown.sort()).toEqual(skills.map((s) => s.id).sort());
		const scrollers = fPage.locator('.scroller');
		expect(await scrollers.count()).toBeGreaterThan(1);
		for (const scroller of await scrollers.all()) {
			const { scroll, client } = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
			expect(scroll, 'no sideways scrolling at 1280 px').toBeLessThanOrEqual(client);
		}
		expect(await fPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
	});

	const personPath = `/cohorts/${club.cohortId}/people/${participant.id}/skills`;
	await test.step('the evidence links lead to the events', async () => {
		// The person's name heads their row in each area's table: any of them opens their skills.
		await row.first().getByRole('link').click();
		await expect(fPage).toHaveURL(new RegExp(`${personPath}$`));
		const camera = fPage.locator('li.skill[data-skill=camera_mic_toggle] .evidence li[data-event=camera_published] a');
		await expect(camera).toHaveAttribute('href', `/activities/${club.activityId}/attendance`);
		await expect(
			fPage.locator('li.skill[data-skill=camera_mic_toggle] .evidence li[data-event=device_check]')
		).toBeVisible();
		const chat = fPage.locator('li.skill[data-skill=use_chat] .evidence li[data-event=chat_message] a');
		await expect(chat).toHaveAttribute('href', `/activities/${club.activityId}/attendance`);
		const upload = fPage.locator('li.skill[data-skill=send_document] .evidence li[data-event=first_upload] a');
		await expect(upload).toHaveAttribute('href', `/assignments/${asyncId}/people/${participant.id}`);
		await upload.click();
		await expect(fPage.locator('main')).toContainText('cv.pdf');
		await fPage.goto(personPath);
		await chat.click();
		await expect(fPage).toHaveURL(new RegExp(`/activities/${club.activityId}/attendance$`));
		await expect(fPage.locator('main')).toContainText(participant.name);
	});

	await test.step('the facilitator adjusts a skill: shown as theirs, kept after a newer observation', async () => {
		await fPage.goto(personPath);
		const form = fPage.locator('form[action="?/override"]');
		await form.getByLabel(t('skills_field_skill')).selectOption('camera_mic_toggle');
		await form.getByLabel(t('skills_field_level')).selectOption('with_help');
		await form.getByLabel(t('skills_field_note')).fill('Coupe encore le micro par erreur.');
		await form.getByRole('button', { name: t('skills_override_save') }).click();
		await expect(fPage.getByRole('status')).toHaveText(t('saved'));
		const skill = fPage.locator('li.skill[data-skill=camera_mic_toggle]');
		await expect(skill).toHaveAttribute('data-source', 'facilitator');
		await expect(skill).toHaveAttribute('data-level', 'with_help');
		await expect(skill.locator('.adjusted')).toContainText('Claire');

		// A newer observation: the participant does the device check again and asks for help.
		const check = await postForm(participant.context.request, `/rooms/${club.activityId}?/deviceCheck`, {
			result: 'help',
			camera: '1',
			microphone: '1',
			speaker: ''
		});
		expect(check.status).toBe(200);
		await fPage.reload();
		await expect(skill).toHaveAttribute('data-source', 'facilitator');
		await expect(skill).toHaveAttribute('data-level', 'with_help');
		await expect(skill.locator('.evidence li').first()).toHaveAttribute('data-source', 'observed');
		await expect(skill.locator('.evidence li[data-source=facilitator]')).toContainText(
			'Coupe encore le micro par erreur.'
		);

		await fPage.goto(`/cohorts/${club.cohortId}/skills`);
		const cell = row.locator('td[data-skill=camera_mic_toggle]');
		await expect(cell).toHaveAttribute('data-source', 'facilitator');
		await expect(cell).toHaveAttribute('data-level', 'with_help');
		await expect(row.locator('td[data-skill=use_chat]')).toHaveAttribute('data-source', 'observed');
	});
});
