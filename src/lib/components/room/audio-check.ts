/** WebAudio pieces of the device check: a microphone level meter and a generated test tone. */

/** RMS above which we count the microphone as working (quiet speech is around 0.02–0.05). */
export const HEARD_THRESHOLD = 0.015;

/** Calls `onLevel` with the microphone's RMS level (0–1) ten times a second; returns a stop function. */
export function listenToMicrophone(
	context: AudioContext,
	stream: MediaStream,
	onLevel: (rms: number) => void
): () => void {
	const source = context.createMediaStreamSource(stream);
	const analyser = context.createAnalyser();
	analyser.fftSize = 1024;
	// Not connected to the speakers: no echo.
	source.connect(analyser);
	const samples = new Float32Array(analyser.fftSize);
	const timer = setInterval(() => {
		analyser.getFloatTimeDomainData(samples);
		let sum = 0;
		for (const sample of samples) sum += sample * sample;
		onLevel(Math.sqrt(sum / samples.length));
	}, 100);
	return () => {
		clearInterval(timer);
		source.disconnect();
	};
}

/** Two short soft beeps (no audio file to download). */
export function playTestTone(context: AudioContext): void {
	const start = context.currentTime + 0.05;
	for (const [offset, frequency] of [
		[0, 660],
		[0.45, 880]
	] as const) {
		const oscillator = context.createOscillator();
		const gain = context.createGain();
		oscillator.type = 'sine';
		oscillator.frequency.value = frequency;
		gain.gain.setValueAtTime(0, start + offset);
		gain.gain.linearRampToValueAtTime(0.25, start + offset + 0.03);
		gain.gain.linearRampToValueAtTime(0, start + offset + 0.35);
		oscillator.connect(gain).connect(context.destination);
		oscillator.start(start + offset);
		oscillator.stop(start + offset + 0.4);
	}
}
