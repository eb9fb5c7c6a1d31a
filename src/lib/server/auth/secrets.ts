import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1); used for staff passwords and participant PINs.
const params = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
	return hash(secret, params);
}

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
	try {
		return await verify(storedHash, secret);
	} catch {
		return false;
	}
}
