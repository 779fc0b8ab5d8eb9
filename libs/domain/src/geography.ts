/**
 * How Kent and Medway (and any integrated care system) is cut up for neighbourhood health:
 * a health and care partnership area holds multi-neighbourhoods (about 250k people), which
 * hold neighbourhoods (PCN footprints, 30-50k people). Teams serve one level or another.
 */
export const FOOTPRINT_LEVELS = ['neighbourhood', 'multi_neighbourhood', 'area'] as const;
export type FootprintLevel = (typeof FOOTPRINT_LEVELS)[number];

export const TEAM_HOURS = ['24_7', 'set_hours'] as const;
export type TeamHours = (typeof TEAM_HOURS)[number];
