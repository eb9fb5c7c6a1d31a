/**
 * The room's chat: LiveKit text streams on one topic, kept in the page only (the text never reaches
 * our server; the server only hears that someone wrote, for skill evidence).
 */
import type { Room } from 'livekit-client';

export interface ChatMessage {
	id: number;
	name: string;
	text: string;
	mine: boolean;
	at: number;
}

export const CHAT_TOPIC = 'lk.chat';
export const CHAT_MAX_LENGTH = 500;
/** Messages kept on the page: older ones scroll away for good. */
const CHAT_KEPT = 200;

export class RoomChat {
	#seq = 0;
	/** Whether the server was told of my first message of this visit. */
	reported = false;

	constructor(private readonly onChange: (messages: ChatMessage[]) => void) {}

	messages: ChatMessage[] = [];

	add(name: string, text: string, mine: boolean): void {
		this.messages = [...this.messages, { id: ++this.#seq, name, text, mine, at: Date.now() }].slice(-CHAT_KEPT);
		this.onChange(this.messages);
	}

	/** Shows what others write in this room (until `stop`). */
	listen(room: Room): void {
		room.registerTextStreamHandler(CHAT_TOPIC, (reader, { identity }) => {
			reader
				.readAll()
				.then((text) => {
					const from = room.getParticipantByIdentity(identity);
					this.add(from?.name || identity, text.slice(0, CHAT_MAX_LENGTH), false);
				})
				.catch(() => {});
		});
	}

	stop(room: Room): void {
		room.unregisterTextStreamHandler(CHAT_TOPIC);
	}

	/** Sends to everyone in the room; false when there was nothing to send. */
	async send(room: Room, name: string, text: string): Promise<boolean> {
		const body = text.trim().slice(0, CHAT_MAX_LENGTH);
		if (!body) return false;
		await room.localParticipant.sendText(body, { topic: CHAT_TOPIC });
		this.add(name, body, true);
		return true;
	}
}
