import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERMISSION_MATRIX } from '@frontdoor/auth';
import { ROLES } from '@frontdoor/domain';
import { PROJECT_ROOT } from '@frontdoor/persistence';

/** The matrix as docs/security.md shows it: a row per permission, a column per role. */
function matrixTable(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => '---').join(' | ')} |`;
  const rows = Object.entries(PERMISSION_MATRIX).map(
    ([permission, grants]) =>
      `| \`${permission}\` | ${ROLES.map((role) => grants[role] ?? '—').join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

/** Table cells without the padding Prettier adds. */
const unpadded = (markdown: string) => markdown.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');

describe('docs/security.md', () => {
  it('shows the permission matrix exactly as the code has it', () => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs/security.md'), 'utf8');
    expect(unpadded(docs)).toContain(unpadded(matrixTable()));
  });
});
