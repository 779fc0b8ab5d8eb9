import type { Facts } from '../facts';
import type { Condition } from '../rule-set';
import type { TextFinding } from './evidence';
import { isPresent } from './referral-text';

/** Which findings can explain a rule: a text fact it tests, and the codes (null = any). */
export type EvidenceFilter = readonly { fact: string; codes: ReadonlySet<string> | null }[];

/** Facts whose values can come from the text, and the text fact that carries them. */
const FROM_TEXT: Record<string, { fact: string; codes?: readonly string[] }> = {
  'text.redFlagFindings': { fact: 'text.redFlagFindings' },
  'text.needs': { fact: 'text.needs' },
  'text.knownConditions': { fact: 'text.knownConditions' },
  'text.signs': { fact: 'text.signs' },
  onset: { fact: 'text.onset' },
  'text.redFlagNotInFields': { fact: 'text.redFlagFindings', codes: [] },
  'observations.hypercapnicTarget': { fact: 'text.signs', codes: ['hypercapnic_target'] },
};

/** The text facts a condition tests positively (not under `not`), found once at compile. */
export function evidenceFilter(condition: Condition): EvidenceFilter | null {
  const filter: { fact: string; codes: ReadonlySet<string> | null }[] = [];
  const walk = (node: Condition): void => {
    switch (node.kind) {
      case 'all':
      case 'any':
        node.items.forEach(walk);
        return;
      case 'atom': {
        const source = FROM_TEXT[node.fact];
        if (!source) return;
        const values = (Array.isArray(node.value) ? node.value : [node.value]).map(String);
        const codes = source.codes ?? (node.op === 'known' ? [] : values);
        filter.push({ fact: source.fact, codes: codes.length === 0 ? null : new Set(codes) });
        return;
      }
      default:
        return;
    }
  };
  walk(condition);
  return filter.length === 0 ? null : filter;
}

/** The present findings a fired rule rests on (empty when it fired on structured fields). */
export function evidenceFor(filter: EvidenceFilter, facts: Facts): TextFinding[] {
  const evidence: TextFinding[] = [];
  for (const finding of facts.textFindings) {
    if (!isPresent(finding)) continue;
    for (const { fact, codes } of filter) {
      if (finding.fact === fact && (codes === null || codes.has(finding.code))) {
        evidence.push(finding);
        break;
      }
    }
  }
  return evidence;
}
