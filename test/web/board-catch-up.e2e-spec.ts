/**
 * A team board that loses its connection catches up. The browser reaches the api through a
 * TCP proxy; the test cuts every connection (the socket and HTTP alike), changes referrals
 * meanwhile, brings the network back, and the board, never reloaded, ends showing exactly the
 * team's queue as the api has it.
 */
import { newSubmission, TEST_NHS } from '../support/factories';
import { getJson } from '../support/http';
import { act, coordinator, submitTriaged, teamLead } from '../support/journey';
import { TcpProxy } from '../support/tcp-proxy';
import { axeViolations, signInAs, startWebContext, WALL, type WebContext } from './support/browser';

const TEAM = 'ucr-medway';

describe('a team board that lost its connection', () => {
  let web: WebContext;
  let proxy: TcpProxy;

  beforeAll(async () => {
    web = await startWebContext();
    proxy = TcpProxy.for(web.url);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop();
    await web?.close();
  });

  /** A referral for the team, triaged and confirmed by the hub: on the team's queue. */
  async function handedOver(nhsNumber: string) {
    const referral = await submitTriaged(web.api, newSubmission({ patient: { nhsNumber } }));
    expect(referral.teamCode).toBe(TEAM);
    await act(web.api, referral.id, 'confirm_triage', { version: referral.version }, coordinator);
    return { ...referral, version: referral.version + 1 };
  }

  it('catches up after the network comes back, without a reload, and matches the api', async () => {
    const context = await web.browser.newContext({
      viewport: WALL,
      baseURL: proxy.wrap(web.url),
      locale: 'en-GB',
    });
    const page = await context.newPage();
    let navigations = 0;
    await signInAs(page, 'Priya Raman');
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.getByText('Live: updates as referrals change.').waitFor();

    const first = await handedOver(TEST_NHS[1]);
    await page.getByText(first.reference, { exact: true }).waitFor();

    await proxy.stop();
    await page.getByText('Live updates unavailable: refreshing every 15 seconds.').waitFor();
    const second = await handedOver(TEST_NHS[2]);
    await act(web.api, first.id, 'accept', { version: first.version }, teamLead(TEAM));
    await proxy.start();

    await page.getByText('Live: updates as referrals change.').waitFor({ timeout: 30_000 });
    await page.getByText(second.reference, { exact: true }).waitFor();
    const rows = page.locator('tr[data-id]');
    await page
      .locator(`tr[data-id="${first.id}"]`, { hasText: 'Accepted' })
      .waitFor({ timeout: 5_000 });

    const { body } = await getJson<{ items: { id: string }[] }>(
      `${web.url}/api/v1/queues/teams/${TEAM}`,
    );
    const shown: (string | null)[] = [];
    for (let i = 0; i < (await rows.count()); i += 1) {
      shown.push(await rows.nth(i).getAttribute('data-id'));
    }
    expect(shown).toEqual(body.items.map((item) => item.id));
    expect(navigations).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
