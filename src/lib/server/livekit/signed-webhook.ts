import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/**
 * A webhook as livekit-server sends it, for tests and benches: the event as its JSON body, and the Authorization
 * JWT, signed with the API key and secret, whose sha256 claim is the body's hash.
 */
export async function signedWebhook(
	event: object,
	apiKey: string,
	secret: string
): Promise<{ body: string; authorization: string }> {
	const body = JSON.stringify(event);
	const token = new AccessToken(apiKey, secret);
	token.sha256 = createHash('sha256').update(body).digest('base64');
	return { body, authorization: await token.toJwt() };
}
