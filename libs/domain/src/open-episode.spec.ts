import {
  OPEN_EPISODE_RULE_ID,
  OPEN_EPISODE_SOURCE,
  openEpisodeOutcome,
  withOpenEpisode,
  type EpisodeCandidate,
} from './open-episode';
import type { Pathway } from './codes';

/** A patient in the care of Medway UCR (which also runs falls outside East Kent). */
const episode: EpisodeCandidate = {
  referralId: '6f1c2d3e-0000-4000-8000-000000000001',
  reference: 'FD-7H3K-Q9MX',
  pathway: 'ucr',
  team: { code: 'ucr-medway', name: 'Medway Urgent Community Response' },
  teamPathways: ['ucr', 'falls'],
  responseDueAt: '2026-11-20T10:00:00.000Z',
};

const record = (pathway: Pathway, extra: { redFlags?: unknown[]; flags?: string[] } = {}) => ({
  pathway,
  urgency: '48_hour' as const,
  responseDueAt: '2026-11-22T09:00:00.000Z',
  redFlags: extra.redFlags ?? [],
  flags: extra.flags ?? [],
  reasons: [{ ruleId: 'pw-falls', text: 'A fall', source: '[S3]' }],
  suggestedTeam: { code: 'falls-medway', name: 'Medway Falls Service' },
  mutualAid: null,
  communityPathway: pathway,
  ruleSetVersion: '2.0.0+00000000',
});

describe('openEpisodeOutcome: which suggestion wins', () => {
  it("is the episode's team when it serves the need and there is no red flag", () => {
    expect(openEpisodeOutcome({ pathway: 'ucr', redFlags: [] }, episode)).toBe('joins_episode');
    // A need the team serves on another of its pathways still joins the episode.
    expect(openEpisodeOutcome({ pathway: 'falls', redFlags: [] }, episode)).toBe('joins_episode');
  });

  it("is the engine's whenever there is a red flag", () => {
    expect(openEpisodeOutcome({ pathway: 'redirect_999', redFlags: [{}] }, episode)).toBe(
      'red_flag',
    );
    // A red flag under a ReSPECT plan not for transfer keeps a community pathway: still the engine's.
    expect(openEpisodeOutcome({ pathway: 'ucr', redFlags: [{}] }, episode)).toBe('red_flag');
  });

  it("is the engine's when the team does not serve the need, or the engine transfers out", () => {
    expect(openEpisodeOutcome({ pathway: 'eolc', redFlags: [] }, episode)).toBe('need_not_served');
    expect(openEpisodeOutcome({ pathway: 'transfer_out', redFlags: [] }, episode)).toBe(
      'need_not_served',
    );
    expect(
      openEpisodeOutcome({ pathway: 'ucr', redFlags: [] }, { ...episode, pathway: 'transfer_out' }),
    ).toBe('need_not_served');
  });
});

describe('withOpenEpisode', () => {
  it('leaves a record without an open episode as it was, with openEpisode null', () => {
    const engine = record('falls');
    const { record: result, joinsEpisode } = withOpenEpisode(engine, null);
    expect(result).toEqual({ ...engine, openEpisode: null });
    expect(joinsEpisode).toBe(false);
  });

  it("joins the episode: its team, its pathway, its due time; the engine's urgency and pathway kept", () => {
    const engine = record('falls', { flags: ['mutual_aid', 'identity_unverified'] });
    const { record: result, joinsEpisode } = withOpenEpisode(
      { ...engine, mutualAid: { homeTeam: 'falls-medway', reason: 'full' } },
      episode,
    );
    expect(joinsEpisode).toBe(true);
    expect(result).toMatchObject({
      pathway: 'ucr',
      urgency: '48_hour',
      communityPathway: 'falls',
      suggestedTeam: episode.team,
      responseDueAt: episode.responseDueAt,
      mutualAid: null,
      flags: ['identity_unverified', 'possible_duplicate'],
      openEpisode: {
        referralId: episode.referralId,
        reference: 'FD-7H3K-Q9MX',
        pathway: 'ucr',
        team: episode.team,
        outcome: 'joins_episode',
      },
    });
    expect(result.reasons).toHaveLength(2);
    expect(result.reasons[1]).toEqual({
      ruleId: OPEN_EPISODE_RULE_ID,
      text: expect.stringContaining('no second response clock'),
      source: OPEN_EPISODE_SOURCE,
    });
    expect(result.reasons[1].text).toContain('FD-7H3K-Q9MX');
    expect(result.reasons[1].text).toContain('Medway Urgent Community Response');
    expect(result.reasons[1].text).toContain('the engine chose falls with Medway Falls Service');
    expect(OPEN_EPISODE_SOURCE).toContain('[S35]');
  });

  it("keeps the engine's decision, linked, for a red flag", () => {
    const engine = {
      ...record('redirect_999', { redFlags: [{ code: 'fall_head_strike' }] }),
      suggestedTeam: null,
      responseDueAt: null,
    };
    const { record: result, joinsEpisode } = withOpenEpisode(engine, episode);
    expect(joinsEpisode).toBe(false);
    expect(result).toMatchObject({
      pathway: 'redirect_999',
      suggestedTeam: null,
      responseDueAt: null,
      flags: ['possible_duplicate'],
      openEpisode: { referralId: episode.referralId, outcome: 'red_flag' },
    });
    expect(result.reasons[1].text).toContain('red flag');
  });

  it("keeps the engine's decision, linked, for a need the team does not serve", () => {
    const engine = { ...record('eolc', { flags: ['mutual_aid'] }), suggestedTeam: null };
    const { record: result, joinsEpisode } = withOpenEpisode(engine, episode);
    expect(joinsEpisode).toBe(false);
    expect(result).toMatchObject({
      pathway: 'eolc',
      responseDueAt: engine.responseDueAt,
      flags: ['possible_duplicate', 'mutual_aid'],
      openEpisode: { outcome: 'need_not_served', team: { code: 'ucr-medway' } },
    });
    expect(result.reasons[1].text).toContain('does not serve eolc');
  });

  it('never repeats possible_duplicate, and changes nothing it was given', () => {
    const engine = record('ucr', { flags: ['possible_duplicate', 'out_of_area'] });
    const before = JSON.stringify(engine);
    const { record: result } = withOpenEpisode(engine, episode);
    expect(result.flags).toEqual(['possible_duplicate', 'out_of_area']);
    expect(JSON.stringify(engine)).toBe(before);
  });
});
