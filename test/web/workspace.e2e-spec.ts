/**
 * The coordinator workspace, the team board and the referral page in Chromium, two people in
 * two browser contexts: a referral submitted at the door appears on the hub queue; an
 * override cannot be sent without a reason; the coordinator confirms it; the team lead of the
 * suggested team sees it on the board and takes it. Every page passes axe-core's WCAG 2.2 AA
 * checks and runs under the api's CSP.
 *
 * The team board is already open when the hub confirms: the referral must appear on it
 * through the live feed, within two seconds and without the page being reloaded.
 */
import type { Page } from 'playwright-core';
import { exampleSubmission } from '@frontdoor/domain';
import { getJson, postJson } from '../support/http';
import { submitTriaged } from '../support/journey';
import {
  axeViolations,
  DESKTOP,
  openPage,
  screenshot,
  signInAs,
  startWebContext,
  WALL,
  type WebContext,
  type Watched,
} from './support/browser';

/** Counts the page's own navigations (a reload is one). */
function navigations(page: Page): () => number {
  let count = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) count += 1;
  });
  return () => count;
}

describe('the coordinator workspace and the team board', () => {
  let web: WebContext;
  let coordinator: Watched;
  let lead: Watched;
  let referral: { id: string; reference: string; teamCode: string };

  beforeAll(async () => {
    web = await startWebContext();
    referral = await submitTriaged(web.api, exampleSubmission());
    coordinator = await openPage(web, DESKTOP);
    lead = await openPage(web, WALL);
  });
  afterAll(async () => {
    await web?.close();
  });
  afterEach(() => {
    expect([...coordinator.problems, ...lead.problems]).toEqual([]);
  });

  it('routes the example referral to Medway UCR, whose lead is a seeded person', () => {
    expect(referral.teamCode).toBe('ucr-medway');
  });

  it("shows the team lead's board without the referral before the hub confirms it", async () => {
    const { page } = lead;
    await signInAs(page, 'Priya Raman');
    expect(new URL(page.url()).pathname).toBe('/team/ucr-medway');
    await page.getByRole('heading', { name: /Medway Urgent Community Response/ }).waitFor();
    await page.getByText('Caseload').waitFor();
    expect(await page.getByText(referral.reference, { exact: true }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("shows the referral on the hub queue with the engine's suggestion and its reasons", async () => {
    const { page } = coordinator;
    await signInAs(page, 'Amara Okafor');
    expect(new URL(page.url()).pathname).toBe('/hub');
    await page.getByRole('link', { name: referral.reference }).click();
    await page.waitForURL(`**/hub/${referral.id}`);
    await page.getByRole('heading', { name: 'The engine suggests' }).waitFor();
    const suggestion = await page
      .locator('.nhsuk-card', { hasText: 'The engine suggests' })
      .innerText();
    expect(suggestion).toMatch(/2-hour urgent community response/);
    expect(suggestion).toMatch(/Medway Urgent Community Response/);
    expect(await page.locator('.app-reasons li').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('will not send an override without a reason', async () => {
    const { page } = coordinator;
    await page.getByRole('button', { name: 'Override triage' }).click();
    const form = page.locator('form[data-action="override_triage"]');
    await form.getByLabel('Urgency').selectOption('same_day');
    let sent = 0;
    page.on('request', (request) => {
      if (request.url().includes('/actions/')) sent += 1;
    });
    await form.getByRole('button', { name: 'Override triage' }).click();
    await form
      .locator('.nhsuk-error-summary')
      .getByText('Give a reason for overriding the engine')
      .waitFor();
    await form.locator('#f-reason-error').waitFor();
    expect(sent).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    const { body } = await getJson<{ version: number; triage: { decidedBy: string } }>(
      `${web.url}/api/v1/referrals/${referral.id}`,
    );
    expect(body.triage.decidedBy).toBe('engine');
    await form.getByRole('link', { name: 'Do not do this' }).click();
  });

  it('confirms the triage: the referral leaves the hub queue and is on the open team board within two seconds, without a reload', async () => {
    const { page } = coordinator;
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'coordinator-workspace');
    await lead.page.getByText('Live: updates as referrals change.').waitFor();
    const leadNavigations = navigations(lead.page);
    const confirmed = page.waitForResponse((response) =>
      response.url().endsWith(`/referrals/${referral.id}/actions/confirm_triage`),
    );
    await page.getByRole('button', { name: 'Confirm triage' }).click();
    expect((await confirmed).status()).toBe(200);
    await lead.page.getByText(referral.reference, { exact: true }).waitFor({ timeout: 2_000 });
    expect(leadNavigations()).toBe(0);
    await page.getByText(`Confirm triage: done for ${referral.reference}.`).waitFor();
    await page.getByText('Nothing is waiting for the hub.').waitFor();
  });

  it('links a possible duplicate to the open referral, and says so when someone else changed it first', async () => {
    const { page } = coordinator;
    const second = await submitTriaged(web.api, exampleSubmission());
    await page.reload();
    await page.getByRole('link', { name: second.reference }).click();
    await page.waitForURL(`**/hub/${second.id}`);
    const callout = page.locator('.nhsuk-card--warning', { hasText: 'Possible duplicate' });
    await callout.getByRole('link', { name: `Open ${referral.reference}` }).waitFor();
    expect(await callout.getByRole('link').getAttribute('href')).toBe(`/referrals/${referral.id}`);

    // Someone else asks the referrer a question meanwhile: the version on screen is stale.
    await postJson(`${web.url}/api/v1/referrals/${second.id}/actions/request_information`, {
      version: second.version,
      question: 'Is she still on the floor?',
    });
    await page.getByRole('button', { name: 'Cancel as duplicate' }).click();
    const form = page.locator('form[data-action="cancel"]');
    expect(await form.getByLabel('Duplicate').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByText(`${second.reference} was changed by someone else since you loaded it`)
      .waitFor();
    // Reloaded: it now waits for information, and cannot be confirmed.
    await page.locator('.app-detail .nhsuk-tag', { hasText: 'Awaiting information' }).waitFor();
    expect(await page.getByRole('button', { name: 'Confirm triage' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows it on the team board, with its clock, and the lead takes it and assigns it', async () => {
    const { page } = lead;
    const row = page.locator(`tr[data-id="${referral.id}"]`);
    expect(await row.locator('.app-clock').innerText()).toMatch(/On time|At risk|Breached/);
    expect(await row.locator('.app-countdown').innerText()).toMatch(/left|overdue/);
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole('button', { name: `Accept ${referral.reference}` }).click();
    await page.getByRole('button', { name: 'Accept for the team' }).waitFor();
    await page.getByText(`Accept for the team: done for ${referral.reference}.`).waitFor();
    await row.getByRole('button', { name: `Assign ${referral.reference}` }).click();
    const form = page.locator('form[data-action="assign"]');
    await form.getByLabel('Jordan Ellis').check();
    await form.getByRole('button', { name: 'Assign' }).click();
    await page.getByText(`Assign: done for ${referral.reference}.`).waitFor();
    await row.getByRole('button', { name: `Reassign ${referral.reference}` }).waitFor();
    expect(await row.innerText()).toMatch(/clin-ucr-medway-1/);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'team-board-wall');
  });

  it('filters the board by pathway and urgency', async () => {
    const { page } = lead;
    await page.getByLabel('Urgency').selectOption('routine');
    await page.getByText('No referrals match these filters.').waitFor();
    await page.getByLabel('Urgency').selectOption('2_hour');
    await page.getByLabel('Pathway').selectOption('ucr');
    await page.getByRole('link', { name: referral.reference }).waitFor();
  });

  it('shows the full timeline and the actions the lead may take on the referral page', async () => {
    const { page } = lead;
    await page.getByRole('link', { name: referral.reference }).click();
    await page.waitForURL(`**/referrals/${referral.id}`);
    await page.getByRole('heading', { name: referral.reference }).waitFor();
    const timeline = await page.locator('table', { hasText: 'Timeline' }).innerText();
    for (const step of [
      'Received',
      'Triaged by the engine',
      'Confirm triage',
      'Accept for the team',
      'Assign',
    ]) {
      expect(timeline).toContain(step);
    }
    // A team lead may record a contact on an assigned referral; only the hub confirms triage.
    await page.getByRole('button', { name: 'Record a contact' }).waitFor();
    expect(await page.getByRole('button', { name: 'Confirm triage' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'referral-page', true);
  });
});
