/**
 * NEWS2 (Royal College of Physicians, 2017) [S18, S19]; brief section 5.1.
 *
 * Scores only what was measured: an absent parameter scores 0, is listed in `missing`, and is
 * never guessed. Callers decide what an incomplete score means (e.g. "at least this high").
 */

import type { Observations } from '@frontdoor/domain';

/** The referral's observations: NEWS2 scores exactly what the contract carries. */
export type News2Input = Observations;

export type News2Parameter =
  | 'respiratoryRate'
  | 'spo2'
  | 'onOxygen'
  | 'systolicBp'
  | 'pulse'
  | 'consciousness'
  | 'temperature';

/** Clinical response bands from RCP Chart 4 [S18]. */
export type News2Band = 'low' | 'low_medium' | 'medium' | 'high';

export interface News2Result {
  total: number;
  complete: boolean;
  missing: string[];
  parameters: { parameter: string; value: number | string | boolean; score: number }[];
  highestSingleScore: number;
  band: News2Band;
  scale: 1 | 2;
}

/** The seven scored parameters, in chart order. spo2Scale is a choice, not a measurement. */
export const NEWS2_PARAMETERS: readonly News2Parameter[] = [
  'respiratoryRate',
  'spo2',
  'onOxygen',
  'systolicBp',
  'pulse',
  'consciousness',
  'temperature',
];

/**
 * A band table: [lowest value of the band, score], ascending. The first band has no lower edge.
 * A value scores the band with the highest lower edge <= value, so a value that falls between
 * two printed ranges (e.g. temperature 35.05, between "<=35.0" and "35.1-36.0") goes to the band
 * below it, exactly as the table's printed ranges read [S19].
 */
type Bands = readonly (readonly [number, number])[];

const RESPIRATORY_RATE: Bands = [
  [-Infinity, 3], // <=8
  [9, 1], // 9-11
  [12, 0], // 12-20
  [21, 2], // 21-24
  [25, 3], // >=25
];
const SPO2_SCALE_1: Bands = [
  [-Infinity, 3], // <=91
  [92, 2], // 92-93
  [94, 1], // 94-95
  [96, 0], // >=96
];
/** Scale 2 up to 92%; from 93% the score depends on air or oxygen (below). */
const SPO2_SCALE_2_LOW: Bands = [
  [-Infinity, 3], // <=83
  [84, 2], // 84-85
  [86, 1], // 86-87
  [88, 0], // 88-92
];
/** Scale 2 at >=93% on oxygen: over-oxygenation scores in a hypercapnic patient [S18]. */
const SPO2_SCALE_2_ON_OXYGEN: Bands = [
  [93, 1], // 93-94
  [95, 2], // 95-96
  [97, 3], // >=97
];
const SYSTOLIC_BP: Bands = [
  [-Infinity, 3], // <=90
  [91, 2], // 91-100
  [101, 1], // 101-110
  [111, 0], // 111-219
  [220, 3], // >=220
];
const PULSE: Bands = [
  [-Infinity, 3], // <=40
  [41, 1], // 41-50
  [51, 0], // 51-90
  [91, 1], // 91-110
  [111, 2], // 111-130
  [131, 3], // >=131
];
const TEMPERATURE: Bands = [
  [-Infinity, 3], // <=35.0
  [35.1, 1], // 35.1-36.0
  [36.1, 0], // 36.1-38.0
  [38.1, 1], // 38.1-39.0
  [39.1, 2], // >=39.1
];

function band(bands: Bands, value: number): number {
  let score = bands[0][1];
  for (const [lowest, bandScore] of bands) {
    if (value >= lowest) score = bandScore;
  }
  return score;
}

function scoreSpo2(spo2: number, scale: 1 | 2, onOxygen: boolean | undefined): number {
  if (scale === 1) return band(SPO2_SCALE_1, spo2);
  if (spo2 < 93) return band(SPO2_SCALE_2_LOW, spo2);
  // >=93 on air scores 0. Oxygen status unknown is scored as air (not guessed) and is
  // reported in `missing` as onOxygen, so the caller can see the score may be higher.
  return onOxygen === true ? band(SPO2_SCALE_2_ON_OXYGEN, spo2) : 0;
}

/** A number that was actually measured: NaN/Infinity count as absent, never as a score. */
function measured(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function scoreNews2(input: News2Input): News2Result {
  const scale: 1 | 2 = input.spo2Scale === 2 ? 2 : 1;
  const parameters: News2Result['parameters'] = [];
  const missing: string[] = [];
  const add = (parameter: News2Parameter, value: number | string | boolean, score: number) =>
    parameters.push({ parameter, value, score });

  if (measured(input.respiratoryRate)) {
    add('respiratoryRate', input.respiratoryRate, band(RESPIRATORY_RATE, input.respiratoryRate));
  } else missing.push('respiratoryRate');

  if (measured(input.spo2)) {
    add('spo2', input.spo2, scoreSpo2(input.spo2, scale, input.onOxygen));
  } else missing.push('spo2');

  // Any supplemental oxygen scores 2; air scores 0 [S18].
  if (typeof input.onOxygen === 'boolean') {
    add('onOxygen', input.onOxygen, input.onOxygen ? 2 : 0);
  } else missing.push('onOxygen');

  if (measured(input.systolicBp)) {
    add('systolicBp', input.systolicBp, band(SYSTOLIC_BP, input.systolicBp));
  } else missing.push('systolicBp');

  if (measured(input.pulse)) {
    add('pulse', input.pulse, band(PULSE, input.pulse));
  } else missing.push('pulse');

  // ACVPU: Alert 0; new Confusion, Voice, Pain or Unresponsive 3 [S18].
  if (input.consciousness !== undefined) {
    add('consciousness', input.consciousness, input.consciousness === 'A' ? 0 : 3);
  } else missing.push('consciousness');

  if (measured(input.temperature)) {
    add('temperature', input.temperature, band(TEMPERATURE, input.temperature));
  } else missing.push('temperature');

  const total = parameters.reduce((sum, p) => sum + p.score, 0);
  const highestSingleScore = parameters.reduce((max, p) => Math.max(max, p.score), 0);
  return {
    total,
    complete: missing.length === 0,
    missing,
    parameters,
    highestSingleScore,
    band: news2Band(total, highestSingleScore),
    scale,
  };
}

/** RCP Chart 4 thresholds [S18]: >=7 high, 5-6 medium, a single 3 (total 1-4) low-medium. */
export function news2Band(total: number, highestSingleScore: number): News2Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (highestSingleScore >= 3) return 'low_medium';
  return 'low';
}

/**
 * Plausible ranges for request validation only (rejecting typos such as SpO2 960), not
 * clinical bands: values outside them are almost certainly entry errors.
 */
export const NEWS2_PHYSIOLOGICAL_RANGES = {
  respiratoryRate: { min: 0, max: 80, unit: 'breaths/min' },
  spo2: { min: 50, max: 100, unit: '%' },
  systolicBp: { min: 40, max: 300, unit: 'mmHg' },
  pulse: { min: 20, max: 250, unit: 'beats/min' },
  temperature: { min: 25, max: 45, unit: '°C' },
} as const satisfies Record<string, { min: number; max: number; unit: string }>;
