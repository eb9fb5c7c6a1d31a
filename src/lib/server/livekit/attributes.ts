import type { RoomServiceClient } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { ATTR_HAND, ATTR_MODE, ATTR_PIN, type HandRequest, type MediaMode } from '#lib/room/contract.ts';
import { countHandRaised } from '#lib/server/participation/participation.ts';
import { memberRoom, type RoomRequest } from './tickets.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * Participant attributes are the server's to set (tokens carry no `canUpdateOwnMetadata`): a person
 * asks, the server checks who is asking, then writes on that person's own LiveKit participant in
 * the room they are in now (main room, breakout group or salon). Nobody writes on someone else.
 */
export type AttributeWriter = Pick<RoomServiceClient, 'updateParticipant'>;

async function setOwnAttributes(
	rooms: AttributeWriter,
	roomName: string,
	identity: string,
	attributes: Record<string, string>
): Promise<void> {
	try {
		// LiveKit merges: keys not named stay as they are, '' removes one.
		await rooms.updateParticipant(roomName, identity, { attributes });
	} catch (e) {
		const detail = `updateParticipant ${roomName} ${identity}: ${(e as Error).message}`;
		if (/not.?found|does not exist/i.test((e as Error).message))
			throw new DomainError(404, 'room2_not_in_room', detail);
		throw new DomainError(503, 'room_server_unavailable', detail);
	}
}

/**
 * A member raises or lowers their own hand; the server stamps when it went up. A hand raised in an activity's
 * room counts in the person's participation, unless the page only puts back a hand already up (`again`: after
 * a reconnect or a move to another room, the new LiveKit participant has no attributes yet).
 */
export async function setHand(
	db: Db,
	rooms: AttributeWriter,
	actor: Actor,
	request: RoomRequest,
	hand: HandRequest,
	now = clock.now()
): Promise<void> {
	const { roomName } = await memberRoom(db, actor, request, now);
	await setOwnAttributes(rooms, roomName, actor.id, { [ATTR_HAND]: hand.raised ? String(now) : '' });
	if (hand.raised && !hand.again && 'activityId' in request) await countHandRaised(db, request.activityId, actor.id);
}

/** A facilitator of the cohort shows someone large for everyone in their room ('' = nobody). */
export async function setPin(
	db: Db,
	rooms: AttributeWriter,
	actor: Actor,
	request: RoomRequest,
	identity: string,
	now = clock.now()
): Promise<void> {
	const { roomName, cohortId } = await memberRoom(db, actor, request, now);
	await requireCohortFacilitator(db, actor, cohortId);
	await setOwnAttributes(rooms, roomName, actor.id, { [ATTR_PIN]: identity });
}

/**
 * The media mode a member's page reported (video, low data, audio only), shown to the others.
 * Best effort: the report is stored whatever LiveKit answers, and the page reports again.
 */
export async function announceMode(
	db: Db,
	rooms: AttributeWriter,
	actor: Actor,
	request: RoomRequest,
	mode: MediaMode,
	now = clock.now()
): Promise<void> {
	const { roomName } = await memberRoom(db, actor, request, now);
	await setOwnAttributes(rooms, roomName, actor.id, { [ATTR_MODE]: mode }).catch(() => {});
}
