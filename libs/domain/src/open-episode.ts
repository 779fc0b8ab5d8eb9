import { isTeamPathway, type Pathway } from './codes';
import { REFERRAL_FLAGS } from './referral-codes';

/**
 * Open episodes: a new referral for a patient a team already holds (brief §9.3, "Match to
 * open episodes before creating one; link new problems to the open team" [S35]). The app
 * finds the episode; these pure functions decide whose suggestion wins and say why.
 */

/** The team-held referral of the same patient, as the triage record names it. */
export interface OpenEpisode {
  referralId: string;
  reference: string;
  /** The episode's pathway now. */
  pathway: Pathway;
  /** The team that holds it. */
  team: { code: string; name: string };
  /** Whose suggestion won: see `openEpisodeOutcome`. */
  outcome: OpenEpisodeOutcome;
}

/** What the app's lookup finds: the episode, what its team serves and when it is due. */
export interface EpisodeCandidate {
  referralId: string;
  reference: string;
  pathway: Pathway;
  team: { code: string; name: string };
  /** Every pathway the episode's team serves (the `teams` table). */
  teamPathways: readonly Pathway[];
  /** The episode's response due time (its clock), if it has one. */
  responseDueAt: string | null;
}

/**
 * - `joins_episode`: suggested to the episode's team on the episode's pathway, no new clock;
 * - `red_flag`: the engine found a red flag, so its decision stands (999/ED or a 2-hour
 *   review under ReSPECT), linked to the episode;
 * - `need_not_served`: the episode's team does not serve the pathway the engine chose (or the
 *   engine chose `transfer_out`), so the engine's pathway, team and clock stand, linked.
 */
export const OPEN_EPISODE_OUTCOMES = ['joins_episode', 'red_flag', 'need_not_served'] as const;
export type OpenEpisodeOutcome = (typeof OPEN_EPISODE_OUTCOMES)[number];

export const OPEN_EPISODE_RULE_ID = 'app.open-episode';
export const OPEN_EPISODE_SOURCE =
  'Brief §9.3: "Match to open episodes before creating one; link new problems to the open team" [S35]';

/** Which suggestion wins: the episode's team, unless a red flag or a need it does not serve. */
export function openEpisodeOutcome(
  decision: { pathway: Pathway; redFlags: readonly unknown[] },
  episode: Pick<EpisodeCandidate, 'pathway' | 'teamPathways'>,
): OpenEpisodeOutcome {
  if (decision.redFlags.length > 0) return 'red_flag';
  const served =
    isTeamPathway(decision.pathway) &&
    isTeamPathway(episode.pathway) &&
    episode.teamPathways.includes(decision.pathway);
  return served ? 'joins_episode' : 'need_not_served';
}

/** The parts of a triage record (libs/triage `TriageRecord`) an open episode changes. */
export interface EpisodeAwareRecord {
  pathway: Pathway;
  responseDueAt: string | null;
  redFlags: readonly unknown[];
  flags: string[];
  reasons: { ruleId: string; text: string; source: string }[];
  suggestedTeam: { code: string; name: string } | null;
  mutualAid: { homeTeam: string; reason: string } | null;
}

export interface WithOpenEpisode<R> {
  record: R & { openEpisode: OpenEpisode | null };
  /** True when the suggestion is the episode's team: then no response clock is started. */
  joinsEpisode: boolean;
}

/**
 * The engine's triage record with the patient's open episode applied. Always adds
 * `openEpisode` (null when there is none). With one, the record is flagged
 * `possible_duplicate` and gains an `app.open-episode` reason; when it joins the episode, the
 * pathway, suggested team and response due time become the episode's (mutual aid no longer
 * applies: the team already holds the patient). The engine's urgency and `communityPathway`
 * stay as the engine decided, and the reason names the engine's own pathway and team.
 */
export function withOpenEpisode<R extends EpisodeAwareRecord>(
  record: R,
  episode: EpisodeCandidate | null,
): WithOpenEpisode<R> {
  if (!episode) return { record: { ...record, openEpisode: null }, joinsEpisode: false };
  const outcome = openEpisodeOutcome(record, episode);
  const joinsEpisode = outcome === 'joins_episode';
  const openEpisode: OpenEpisode = {
    referralId: episode.referralId,
    reference: episode.reference,
    pathway: episode.pathway,
    team: { code: episode.team.code, name: episode.team.name },
    outcome,
  };
  const reason = {
    ruleId: OPEN_EPISODE_RULE_ID,
    text: openEpisodeReason(record, episode, outcome),
    source: OPEN_EPISODE_SOURCE,
  };
  const flags = record.flags.filter((flag) => !joinsEpisode || flag !== 'mutual_aid');
  const changed = joinsEpisode
    ? {
        pathway: episode.pathway,
        suggestedTeam: openEpisode.team,
        responseDueAt: episode.responseDueAt,
        mutualAid: null,
      }
    : {};
  return {
    record: {
      ...record,
      ...changed,
      flags: inContractOrder([...flags, 'possible_duplicate']),
      reasons: [...record.reasons, reason],
      openEpisode,
    },
    joinsEpisode,
  };
}

function openEpisodeReason(
  record: EpisodeAwareRecord,
  episode: EpisodeCandidate,
  outcome: OpenEpisodeOutcome,
): string {
  const held = `Open episode ${episode.reference} with ${episode.team.name} (${episode.pathway})`;
  const engine = record.suggestedTeam
    ? `${record.pathway} with ${record.suggestedTeam.name}`
    : record.pathway;
  switch (outcome) {
    case 'joins_episode':
      return `${held}: suggested to that team on that pathway, with no second response clock (the engine chose ${engine})`;
    case 'red_flag':
      return `${held}: linked; a red flag keeps the engine's decision`;
    case 'need_not_served':
      return `${held}: linked; that team does not serve ${record.pathway}, so the engine's decision stands with its own response clock`;
  }
}

/** Flags in the contract's order (REFERRAL_FLAGS), each once; unknown ones last, as given. */
function inContractOrder(flags: string[]): string[] {
  const rank = (flag: string) => {
    const index = (REFERRAL_FLAGS as readonly string[]).indexOf(flag);
    return index === -1 ? REFERRAL_FLAGS.length : index;
  };
  return [...new Set(flags)].sort((a, b) => rank(a) - rank(b));
}
