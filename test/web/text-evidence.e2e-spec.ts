/**
 * The referrer's words as the triage engine read them, in Chromium under the api's CSP. A
 * care-home carer sends a referral whose summary reports a head injury and a knock-out in
 * words only (no red-flag box ticked), answering the onset question; the SpO2 Scale 2 hint
 * appears until a documented 88–92% target is ticked. The coordinator then sees the summary
 * with "hit her head" and "knocked out" marked as red flags, "chest pain" shown as read
 * negated, and each reason's quoted words with their positions; the referral page shows the
 * same. Every page passes axe-core's WCAG 2.2 AA checks.
 *
 * One test feeds the page a triage record of its own (overlapping, stale and out-of-range
 * spans, and markup in the summary), so the highlighting is checked whatever the engine says.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../scripts/build-web';
import { getJson } from '../support/http';
import {
  axeViolations,
  DESKTOP,
  openPage,
  PHONE,
  signInAs,
  startWebContext,
  type WebContext,
  type Watched,
} from './support/browser';

const SUMMARY =
  'Found on the floor by carer, no chest pain but hit her head on the bedside table and was knocked out briefly. On apixaban.';

const span = (value: string, text: string) => {
  const start = value.indexOf(text);
  return { start, end: start + text.length, text };
};

interface Referral {
  id: string;
  status: string;
  clinical: { summary: string; onset?: string; observations?: Record<string, unknown> };
  triage: {
    pathway: string;
    redFlags: { code: string }[];
    reasons: { ruleId: string; text: string; evidence?: unknown[] }[];
    textFindings?: unknown[];
  } | null;
}

/** The summary's phrases matching `selector`, without the words only a screen reader hears. */
async function shown(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(
    `[...document.querySelectorAll(${JSON.stringify(`.app-summary-text ${selector}`)})].map(
       (element) => [...element.childNodes]
         .filter((node) => node.nodeType === Node.TEXT_NODE)
         .map((node) => node.textContent)
         .join(''))`,
  );
}

/** The summary as a sighted reader sees it: all its text but the visually hidden words. */
async function visibleSummary(page: Page): Promise<string> {
  return page.evaluate<string>(
    `(() => {
       const copy = document.querySelector('.app-summary-text').cloneNode(true);
       copy.querySelectorAll('.nhsuk-u-visually-hidden').forEach((hidden) => hidden.remove());
       return copy.textContent;
     })()`,
  );
}

describe('the words the triage engine read, highlighted', () => {
  let web: WebContext;
  let referrer: Watched;
  let coordinator: Watched;
  let id: string;

  beforeAll(async () => {
    web = await startWebContext();
    referrer = await openPage(web, PHONE);
    coordinator = await openPage(web, DESKTOP);
  });
  afterAll(async () => {
    await web?.close();
  });
  afterEach(async () => {
    // A test that rewrote the api's answers leaves the next one the api's own.
    await coordinator.page.unrouteAll();
    expect([...referrer.problems, ...coordinator.problems]).toEqual([]);
  });

  it('asks when it started, explains Scale 2 without a documented target, and sends the answers', async () => {
    const { page } = referrer;
    await signInAs(page, 'Sam Carter');
    await page.getByLabel('First name').fill('Edith');
    await page.getByLabel('Last name').fill('Marsh');
    await page.getByLabel('Date of birth').fill('1936-11-20');
    await page.getByLabel('What is happening?').fill(SUMMARY);
    await page.getByLabel('A fall', { exact: true }).check();
    const onset = page.getByRole('group', { name: 'When did this start or get worse? (optional)' });
    expect(await onset.getByRole('radio', { checked: true }).count()).toBe(0);
    await onset.getByLabel('In the last 48 hours').check();

    // SpO2 90% on air: 3 on Scale 1, 0 on Scale 2; Scale 2 counts only with the target ticked.
    const news2 = page.locator('#news2-total');
    const hint = page.locator('#spo2-scale-2-hint');
    await page.getByLabel('Oxygen saturation, SpO2 (%)').fill('90');
    await page.getByLabel('No, breathing air').check();
    expect(await hint.isVisible()).toBe(false);
    expect(await news2.innerText()).toMatch(/^NEWS2 total: 3 /);
    await page.getByLabel('Scale 2', { exact: true }).check();
    await hint.waitFor();
    expect(await hint.innerText()).toMatch(/documented target of 88–92%/);
    expect(await news2.innerText()).toMatch(/^NEWS2 total: 3 .*Worked out on Scale 1/);
    expect(await axeViolations(page)).toEqual([]);
    const target = page.getByLabel('A target of 88–92% is documented (type 2 respiratory failure)');
    await target.check();
    await hint.waitFor({ state: 'hidden' });
    expect(await news2.innerText()).toMatch(/^NEWS2 total: 0 \(low\)\./);
    expect(await news2.innerText()).not.toMatch(/Scale 1/);
    // Back to no observations: the red flags of this referral are in the words only.
    await target.uncheck();
    await page.getByLabel('Scale 1', { exact: true }).check();
    await page.getByLabel('Oxygen saturation, SpO2 (%)').fill('');
    await page.getByLabel('The patient agrees to this referral').check();

    const sent = page.waitForResponse(
      (response) =>
        new URL(response.url()).pathname === '/api/v1/referrals' &&
        response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Send referral' }).click();
    id = ((await (await sent).json()) as { id: string }).id;
    await page.getByRole('heading', { name: 'Referral sent' }).waitFor();

    const deadline = Date.now() + 20_000;
    let referral: Referral;
    do {
      referral = (await getJson<Referral>(`${web.url}/api/v1/referrals/${id}`)).body;
      if (referral.status !== 'received') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    expect(referral.status).not.toBe('received');
    expect(referral.clinical.summary).toBe(SUMMARY);
    expect(referral.clinical.onset).toBe('within_48_hours');
    expect(referral.clinical.observations).toEqual({ onOxygen: false, spo2Scale: 1 });
  });

  it('builds the highlighting from text nodes, and skips spans that do not match the text', async () => {
    const { page } = coordinator;
    await signInAs(page, 'Amara Okafor');
    // The api's own answer, with a triage record of the test's own and markup in the summary.
    const summary = `<img src=x alt="injected"> ${SUMMARY}`;
    const head = span(summary, 'hit her head');
    const knocked = span(summary, 'knocked out');
    const chest = span(summary, 'chest pain');
    await page.route(`**/api/v1/referrals/${id}`, async (route) => {
      const response = await route.fetch();
      const referral = (await response.json()) as Referral;
      referral.clinical.summary = summary;
      const triage = referral.triage ?? {
        pathway: 'redirect_999',
        redFlags: [],
        reasons: [],
      };
      referral.triage = {
        ...triage,
        reasons: [
          {
            ruleId: 'test-head-injury',
            text: 'A head injury is reported',
            evidence: [
              { field: 'clinical.summary', ...head, code: 'head_injury', context: 'affirmed' },
            ],
          },
          { ruleId: 'test-old-record', text: 'A reason from before the engine read text' },
        ],
        textFindings: [
          {
            field: 'clinical.summary',
            ...head,
            termId: 't1',
            fact: 'text.redFlagFindings',
            code: 'head_injury',
            context: 'affirmed',
            cue: null,
          },
          // Overlaps "hit her head": left out of the highlighting, which keeps the red flag.
          {
            field: 'clinical.summary',
            ...span(summary, 'her head on'),
            termId: 't2',
            fact: 'text.other',
            code: 'x',
            context: 'negated',
            cue: null,
          },
          {
            field: 'clinical.summary',
            ...knocked,
            termId: 't3',
            fact: 'text.softSigns',
            code: 'y',
            context: 'possible',
            cue: { text: 'briefly', start: 0, end: 7, cueId: 'c1' },
          },
          {
            field: 'clinical.summary',
            ...chest,
            termId: 't4',
            fact: 'text.redFlagFindings',
            code: 'suspected_cardiac_chest_pain',
            context: 'negated',
            cue: { text: 'no', start: chest.start - 3, end: chest.start - 1, cueId: 'neg-no' },
          },
          // Stale, out of range, and in a field this referral does not have.
          {
            field: 'clinical.summary',
            start: head.start,
            end: head.end,
            text: 'banged head',
            termId: 't5',
            fact: 'text.redFlagFindings',
            code: 'z',
            context: 'affirmed',
            cue: null,
          },
          {
            field: 'clinical.summary',
            start: summary.length - 2,
            end: summary.length + 9,
            text: 'n.',
            termId: 't6',
            fact: 'text.redFlagFindings',
            code: 'z',
            context: 'affirmed',
            cue: null,
          },
          {
            field: 'patient.communicationNeeds',
            start: 0,
            end: 4,
            text: 'deaf',
            termId: 't7',
            fact: 'text.needs',
            code: 'z',
            context: 'affirmed',
            cue: null,
          },
        ],
      };
      await route.fulfill({ response, json: referral });
    });
    await page.goto(`/hub/${id}`);
    await page.locator('.app-summary-text mark').first().waitFor();

    const text = page.locator('.app-summary-text');
    expect(await text.locator('img').count()).toBe(0);
    expect(await text.textContent()).toContain('<img src=x alt="injected"> Found on the floor');
    expect(await shown(page, 'mark')).toEqual(['hit her head', 'knocked out']);
    expect(await shown(page, 'mark[data-red-flag]')).toEqual(['hit her head']);
    expect(await text.locator('mark[data-red-flag]').textContent()).toBe('red flag: hit her head');
    expect(await text.locator('mark[data-context="possible"]').textContent()).toBe(
      'knocked out (read as possible by ‘briefly’)',
    );
    expect(await text.locator('[data-context="negated"]').textContent()).toBe(
      'chest pain (read as negated by ‘no’)',
    );
    // The text is whole, in order, whatever was skipped.
    expect(await visibleSummary(page)).toBe(summary);

    const reasons = page.locator('.app-reasons > li');
    expect(await reasons.count()).toBe(2);
    expect(await reasons.nth(0).locator('.app-evidence li').innerText()).toBe(
      `“hit her head” (characters ${head.start + 1}–${head.end})`,
    );
    expect(await reasons.nth(1).locator('.app-evidence').count()).toBe(0);
    // Listed even where a stronger overlapping phrase took the highlight.
    expect(await page.locator('.app-set-aside li').allInnerTexts()).toEqual([
      '“chest pain”: read as negated by ‘no’',
      '“her head on”: read as negated',
    ]);
    expect(await axeViolations(page)).toEqual([]);
  });

  // Needs the engine that reads free text (rule set 2.0.0 with the text lexicons).
  it('shows the coordinator the red flags the engine found in the words, and the negated chest pain', async () => {
    const { page } = coordinator;
    const { body: referral } = await getJson<Referral>(`${web.url}/api/v1/referrals/${id}`);
    expect(referral.triage?.pathway).toBe('redirect_999');
    await page.goto(`/hub/${id}`);
    await page.getByRole('heading', { name: 'The engine suggests' }).waitFor();
    const marks = await shown(page, 'mark');
    expect(marks).toEqual(expect.arrayContaining(['hit her head', 'knocked out']));
    expect(await shown(page, 'mark[data-red-flag]')).toEqual(
      expect.arrayContaining(['hit her head']),
    );
    expect(await shown(page, '[data-context="negated"]')).toEqual(['chest pain']);
    expect(await page.locator('.app-summary-text [data-context="negated"]').textContent()).toMatch(
      /^chest pain \(read as negated( by ‘[^’]+’)?\)$/,
    );
    const head = span(SUMMARY, 'hit her head');
    expect(await page.locator('.app-evidence li').allInnerTexts()).toContain(
      `“hit her head” (characters ${head.start + 1}–${head.end})`,
    );
    expect(await page.locator('.app-set-aside').innerText()).toMatch(
      /“chest pain”: read as negated/,
    );
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync(join(ROOT, '.ci', 'out', 'screenshots'), { recursive: true });
    await page.screenshot({
      path: join(ROOT, '.ci', 'out', 'screenshots', 'text-evidence-hub.png'),
      fullPage: true,
    });
  });

  it('shows the same on the referral page', async () => {
    const { page } = coordinator;
    await page.goto(`/referrals/${id}`);
    await page.getByRole('heading', { name: 'Triage' }).waitFor();
    expect(await shown(page, 'mark')).toEqual(
      expect.arrayContaining(['hit her head', 'knocked out']),
    );
    expect(await shown(page, '[data-context="negated"]')).toEqual(['chest pain']);
    expect(await axeViolations(page)).toEqual([]);
  });
});
