// Bench (not a test): media load of issue 17 on the cluster's two LiveKit nodes (scripts/cluster.mjs's
// startMediaNodes: Redis and two livekit-server nodes sharing it, loopback only). Simulated participants
// written on LiveKit's own Go SDK (bench/media-load/main.go, github.com/livekit/server-sdk-go/v2, built here
// with Go): AUDIO audio-only participants and VIDEO with camera and microphone, in one room, joined
// alternately through node 1 and node 2, each publishing synthetic samples and subscribing to everyone.
//
//   npm run bench:media          (as root it runs in a loopback-only namespace; needs Go, as `npm start` does)
//
// Prints each livekit-server process's CPU (from /proc/<pid>/stat, % of one core, over the counted window and
// its busiest second), the simulated clients' own CPU, and the packet loss the clients see (from the RTP
// sequence numbers they receive), audio and video apart.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inLoopbackNamespace } from './loopback.ts';

const AUDIO = Number(process.env.BENCH_AUDIO ?? 20);
const VIDEO = Number(process.env.BENCH_VIDEO ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

// The Go SDK's WebRTC (pion) leaves loopback interfaces out of its ICE candidates and lets no caller change
// that: inside the namespace, a TAP device with no peer (nothing can leave through it) gives the clients a
// private address of their own, whose packets to 127.0.0.1 still stay on loopback.
const CLIENT_INTERFACE =
	'ip tuntap add dev lkbench mode tap && ip addr add 10.254.0.1/32 dev lkbench && ip link set lkbench up';

// The simulated participants' Go modules come from the Go module proxy: fetched first, out here, because the
// namespace below has no way out (the build in it then reads the module cache).
if (!process.env.BENCH_IN_NAMESPACE) {
	const { findGo, REPO_ROOT } = await import('../scripts/livekit.mjs');
	const go = findGo();
	if (!go) throw new Error('The simulated participants are written in Go: install Go ≥ 1.26.');
	const fetched = spawnSync(go, ['mod', 'download'], { cwd: join(REPO_ROOT, 'bench', 'media-load'), stdio: 'inherit' });
	if (fetched.status !== 0) throw new Error('go mod download failed (see above)');
}

// A namespace with no route out; the client's interface is there because its WebRTC ignores loopback.
await inLoopbackNamespace(main, CLIENT_INTERFACE);

interface Loss {
	expected: number;
	received: number;
	lostPct: number;
	worstPct: number;
	tracks: number;
	packetsPerSecond: number;
}
interface ClientResult {
	joined: number;
	failed: string[];
	subscriptions: number;
	loss: { audio: Loss; video: Loss };
	seconds: number;
}

/** CPU seconds used so far by a process (user + system), from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14 and 15)
	} catch {
		return NaN; // gone
	}
}

/** The kernel's UDP counters in this namespace: datagrams in and out, and those dropped for a full buffer. */
function udpCounters() {
	const [names, values] = readFileSync('/proc/net/snmp', 'utf8')
		.split('\n')
		.filter((l) => l.startsWith('Udp:'))
		.map((l) => l.split(/\s+/).slice(1));
	const of = (name: string) => Number(values[names.indexOf(name)]);
	return { in: of('InDatagrams'), out: of('OutDatagrams'), full: of('RcvbufErrors') + of('SndbufErrors') };
}

async function main() {
	const { startMediaNodes } = await import('../scripts/cluster.mjs');
	const { findGo, REPO_ROOT } = await import('../scripts/livekit.mjs');
	const go = findGo();
	if (!go) throw new Error('The simulated participants are written in Go: install Go ≥ 1.26.');
	const dir = mkdtempSync(join(tmpdir(), 'tablee-media-'));
	const binary = join(dir, 'media-load');
	console.log('Building the simulated participants (bench/media-load, Go)…');
	const built = spawnSync(go, ['build', '-o', binary, '.'], {
		cwd: join(REPO_ROOT, 'bench', 'media-load'),
		stdio: 'inherit'
	});
	if (built.status !== 0) throw new Error('go build failed (see above)');

	const nodes = await startMediaNodes({ dir });
	const samples: { at: number; nodes: number[]; client: number }[] = [];
	let result: ClientResult | undefined;
	let udpAtStart = udpCounters();
	let udpAtEnd = udpAtStart;
	let window: { from: number; to: number } = { from: 0, to: 0 };
	try {
		const pids = nodes.livekit.map((n) => n.process.pid ?? 0);
		console.log(`Nodes ${nodes.livekit.map((n) => n.url).join(', ')}; ${AUDIO} audio-only and ${VIDEO} video…`);
		const client = spawn(
			binary,
			[
				`-urls=${nodes.livekit.map((n) => n.url).join(',')}`,
				`-key=${nodes.livekit[0].apiKey}`,
				`-secret=${nodes.apiSecret}`,
				`-audio=${AUDIO}`,
				`-video=${VIDEO}`,
				`-duration=${SECONDS}s`
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		const killClient = () => client.kill('SIGKILL');
		process.once('exit', killClient);
		const sample = () =>
			samples.push({
				at: Date.now(),
				nodes: pids.map(cpuSeconds),
				client: client.pid && client.exitCode === null ? cpuSeconds(client.pid) : NaN
			});
		const sampler = setInterval(sample, 1000);
		let stdout = '';
		client.stdout.on('data', (d) => (stdout += d));
		client.stderr.setEncoding('utf8');
		client.stderr.on('data', (d: string) => {
			if (d.includes('counting')) {
				sample();
				window.from = samples.length - 1;
				udpAtStart = udpCounters();
			} else process.stderr.write(d);
		});
		const code = await new Promise<number | null>((done) => {
			const timeout = setTimeout(() => client.kill('SIGKILL'), (SECONDS + 120) * 1000);
			client.on('exit', (c) => (clearTimeout(timeout), done(c)));
		});
		clearInterval(sampler);
		udpAtEnd = udpCounters();
		process.removeListener('exit', killClient);
		const line = stdout.trim().split('\n').at(-1) ?? '';
		if (code !== 0 || !line.startsWith('{')) throw new Error(`the simulated participants failed (${code}): ${stdout}`);
		result = JSON.parse(line) as ClientResult;
		// The counted window ends when the client printed its figures (the last sample before it exited).
		window = {
			from: window.from,
			to: Math.max(
				window.from,
				samples.findLastIndex((s) => !Number.isNaN(s.client))
			)
		};
	} finally {
		await nodes.stop();
		rmSync(dir, { recursive: true, force: true });
	}

	const { from, to } = window;
	const seconds = (samples[to].at - samples[from].at) / 1000;
	const pct = (x: number) => `${Math.round(x * 100)} %`;
	const nodeCpu = nodes.livekit.map((_, i) => {
		const mean = (samples[to].nodes[i] - samples[from].nodes[i]) / seconds;
		let peak = 0;
		for (let k = from + 1; k <= to; k++) {
			const dt = (samples[k].at - samples[k - 1].at) / 1000;
			peak = Math.max(peak, (samples[k].nodes[i] - samples[k - 1].nodes[i]) / dt);
		}
		return `node ${i + 1}: mean ${pct(mean)}, busiest second ${pct(peak)}`;
	});
	const clientCpu = (samples[to].client - samples[from].client) / seconds;
	const loss = (l: Loss) =>
		`${l.lostPct.toFixed(2)} % lost (worst track ${l.worstPct.toFixed(2)} %), ${l.tracks} tracks, ` +
		`${Math.round(l.packetsPerSecond)} packets/s received`;
	console.log(
		`\nTablée media load (issue 17): ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ` +
			`${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}; one room, ${AUDIO} audio-only + ${VIDEO} video participants over 2 LiveKit nodes.`
	);
	console.log(
		`Joined: ${result.joined}/${AUDIO + VIDEO}; subscriptions: ${result.subscriptions}; counted ${seconds} s.`
	);
	for (const failure of result.failed) console.log(`  failed: ${failure}`);
	console.log(`livekit-server CPU (% of one core): ${nodeCpu.join('; ')}`);
	console.log(`Simulated clients' own CPU: ${pct(clientCpu)} (one Go process for all ${AUDIO + VIDEO})`);
	console.log(`Packet loss seen by the clients: audio ${loss(result.loss.audio)}`);
	console.log(`                                 video ${loss(result.loss.video)}`);
	const udp = (k: 'in' | 'out' | 'full') => udpAtEnd[k] - udpAtStart[k];
	console.log(
		`Kernel UDP over the counted window (all processes): ${udp('out')} datagrams sent, ${udp('in')} received, ` +
			`${udp('full')} dropped for a full socket buffer`
	);
}
