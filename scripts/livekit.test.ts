// `npm start` on a fresh machine (issue 15): with no LiveKit server anywhere, the start path builds it
// once with `go install` of the pinned module into GOBIN, then starts the binary it built; without Go it
// says in one line what to install and the app runs with video off. No real Go build: a stand-in `go`
// records its arguments and environment and drops a stand-in server (a tiny HTTP answer on the
// configured port, which is all startLivekit waits for).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installLivekit, livekitForStart, LIVEKIT_MODULE, NO_GO_MESSAGE, type RunningLivekit } from './livekit.mjs';

let root: string;
let running: RunningLivekit | null = null;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'tablee-first-start-'));
});
afterEach(async () => {
	await running?.stop();
	running = null;
	rmSync(root, { recursive: true, force: true });
});

/** A free TCP port on loopback for the stand-in server. */
function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => done(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Folders of one fresh machine: an empty bin dir, an empty PATH folder, and a record folder. */
function freshMachine() {
	const dirs = {
		binDir: join(root, 'repo', '.livekit', 'bin'),
		emptyPath: join(root, 'empty-path'),
		goDir: join(root, 'go', 'bin'),
		record: join(root, 'record'),
		dataDir: join(root, 'data')
	};
	for (const dir of [dirs.emptyPath, dirs.goDir, dirs.record]) mkdirSync(dir, { recursive: true });

	// The stand-in server: records how it was started, answers HTTP on the port of its --config file.
	const standInServer = join(root, 'stand-in-server.mjs');
	writeFileSync(
		standInServer,
		`#!${process.execPath}
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
const config = readFileSync(process.argv[process.argv.indexOf('--config') + 1], 'utf8');
const port = Number(/^port: (\\d+)$/m.exec(config)[1]);
writeFileSync(${JSON.stringify(join(dirs.record, 'server.json'))}, JSON.stringify({ path: process.argv[1], args: process.argv.slice(2), pid: process.pid }));
const server = createServer((_, res) => res.end('OK')).listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`
	);
	// The stand-in go: records its arguments and environment, then "builds" the server into GOBIN.
	const go = join(dirs.goDir, 'go');
	writeFileSync(
		go,
		`#!/bin/sh
printf '%s\\n' "$@" > '${dirs.record}/go-args'
env > '${dirs.record}/go-env'
cp '${standInServer}' "$GOBIN/server" && chmod +x "$GOBIN/server"
`
	);
	chmodSync(go, 0o755);
	return { ...dirs, go };
}

function goCall(record: string) {
	const args = readFileSync(join(record, 'go-args'), 'utf8').trimEnd().split('\n');
	const env = Object.fromEntries(
		readFileSync(join(record, 'go-env'), 'utf8')
			.trimEnd()
			.split('\n')
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
	);
	return { args, env };
}

// Node starts twice (stand-in go's copy, stand-in server): seconds on a loaded 2-core machine.
describe('npm start on a machine without a LiveKit server', { timeout: 30_000 }, () => {
	it('builds the pinned server with go install into GOBIN once, then starts the binary it built', async () => {
		const machine = freshMachine();
		const lines: string[] = [];
		const lookup = {
			binDir: machine.binDir,
			searchPath: `${machine.emptyPath}:${machine.goDir}`,
			goFallbacks: [],
			say: (line: string) => lines.push(line)
		};
		const port = await freePort();
		const result = await livekitForStart({ ...lookup, dataDir: machine.dataDir, appPort: 1, port, udpPort: port + 1 });
		running = result.livekit;

		const { args, env } = goCall(machine.record);
		expect(args).toEqual(['install', 'github.com/livekit/livekit-server/cmd/server@v1.13.5']);
		expect(LIVEKIT_MODULE).toBe('github.com/livekit/livekit-server/cmd/server@v1.13.5');
		expect(env.GOBIN).toBe(machine.binDir);
		// One progress line that says what happens and that it happens once.
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain(`go install ${LIVEKIT_MODULE}`);
		expect(lines[0]).toContain('once');

		expect(result.video).toBe('on');
		const server = JSON.parse(readFileSync(join(machine.record, 'server.json'), 'utf8'));
		expect(server.path).toBe(join(machine.binDir, 'server'));
		expect(server.args).toEqual(['--config', join(machine.dataDir, 'livekit.yaml')]);
		expect(server.pid).toBe(result.livekit?.process.pid);
		expect(result.livekit?.url).toBe(`ws://127.0.0.1:${port}`);

		// The second start finds the built server and does not call go again.
		rmSync(join(machine.record, 'go-args'));
		expect(installLivekit(lookup)).toBe(join(machine.binDir, 'server'));
		expect(existsSync(join(machine.record, 'go-args'))).toBe(false);
		expect(lines).toHaveLength(1);
	});

	it('finds Go in /usr/local/go/bin when it is not on PATH', () => {
		const machine = freshMachine();
		const lines: string[] = [];
		const built = installLivekit({
			binDir: machine.binDir,
			searchPath: machine.emptyPath,
			goFallbacks: [join(root, 'nowhere', 'go'), machine.go],
			say: (line) => lines.push(line)
		});
		expect(built).toBe(join(machine.binDir, 'server'));
		expect(goCall(machine.record).env.GOBIN).toBe(machine.binDir);
		expect(lines[0]).toContain(machine.go);
	});

	it('without Go, says in one line what to install and runs with video off', async () => {
		const machine = freshMachine();
		const lines: string[] = [];
		const result = await livekitForStart({
			binDir: machine.binDir,
			searchPath: machine.emptyPath,
			goFallbacks: [join(root, 'nowhere', 'go')],
			say: (line) => lines.push(line),
			dataDir: machine.dataDir
		});
		expect(result).toEqual({ video: 'off', livekit: null });
		expect(lines).toEqual([NO_GO_MESSAGE]);
		expect(NO_GO_MESSAGE).not.toContain('\n');
		expect(NO_GO_MESSAGE).toMatch(/Install Go/);
		expect(existsSync(join(machine.dataDir, 'livekit.yaml'))).toBe(false);
	});
});
