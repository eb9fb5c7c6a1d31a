import { redirect } from '@sveltejs/kit';
import { QUESTIONS, type Question } from '#lib/outcomes/questionnaire.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { answerQuestionnaire, myQuestionnaires } from '#lib/server/outcomes/questionnaire.ts';
import { questionnaireAnswerSchema } from '#lib/server/outcomes/schemas.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

const isQuestion = (q: string | null): q is Question => (QUESTIONS as readonly (string | null)[]).includes(q);

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const questionnaires = await myQuestionnaires(event.locals.db, actor, clock.now());
		const params = event.url.searchParams;
		// The cohort named in the address, else the newest; the question named there ("change"), else the next one.
		const current = questionnaires.find((q) => q.cohort.id === params.get('cohort')) ?? questionnaires[0] ?? null;
		const wanted = params.get('q');
		const asked =
			current?.open && isQuestion(wanted) && current.questions.includes(wanted) ? wanted : (current?.next ?? null);
		return { questionnaires, current, asked: current?.open ? asked : null };
	});
};

export const actions: Actions = {
	answer: (event) =>
		formAction(
			event,
			questionnaireAnswerSchema,
			'answer',
			(input, actor) =>
				answerQuestionnaire(event.locals.db, actor, input.cohortId, { question: input.question, value: input.value }),
			{
				after: (done, input) =>
					redirect(303, `/me/questionnaire?cohort=${input.cohortId}${done.next ? `&q=${done.next}` : '&done=1'}`)
			}
		)
};
