/**
 * A short beep for breach alerts, made with WebAudio (no sound file). People can switch it off;
 * the choice is remembered on this device.
 */
const KEY = 'frontdoor.sound';

export const soundOn = (): boolean => localStorage.getItem(KEY) !== 'off';
export const setSound = (on: boolean): void => localStorage.setItem(KEY, on ? 'on' : 'off');

let context: AudioContext | null = null;

export function beep(): void {
  if (!soundOn()) return;
  try {
    context ??= new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, context.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.4);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.4);
  } catch {
    // No audio here (or not allowed before a click): the alert on screen is what counts.
  }
}
