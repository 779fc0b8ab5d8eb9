/**
 * The referral form in Chromium on a 360-px phone, under the api's real CSP: the NHS error
 * summary for a bad submission (the form's own checks, then the api's 400 mapped onto its
 * field), the live NEWS2 total, a good submission showing the reference, and its status page.
 * Every page passes axe-core's WCAG 2.2 AA checks.
 */
import {
  axeViolations,
  openPage,
  PHONE,
  screenshot,
  signInAs,
  startWebContext,
  type WebContext,
  type Watched,
} from './support/browser';

describe('the referral form, on a phone', () => {
  let web: WebContext;
  let phone: Watched;

  beforeAll(async () => {
    web = await startWebContext();
    phone = await openPage(web, PHONE);
  });
  afterAll(async () => {
    await web?.close();
  });
  afterEach(() => {
    expect(phone.problems).toEqual([]);
  });

  it('signs a care-home carer in from the development sign-in page', async () => {
    const { page } = phone;
    await page.goto('/');
    await page.waitForURL('**/sign-in**');
    await page.getByRole('heading', { name: 'Sign in to Front Door' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await signInAs(page, 'Sam Carter');
    expect(new URL(page.url()).pathname).toBe('/refer');
    await page.getByRole('heading', { name: 'Make a referral', level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
  });

  it('lists every problem in the error summary and beside its field', async () => {
    const { page } = phone;
    await page.getByRole('button', { name: 'Send referral' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(
      await page.evaluate("document.activeElement?.classList.contains('nhsuk-error-summary')"),
    ).toBe(true);
    await screenshot(page, 'referral-form-errors-phone');
    const messages = await summary.locator('li').allInnerTexts();
    expect(messages).toEqual(
      expect.arrayContaining([
        'Enter the patient’s first name, or their NHS number',
        'Describe what is happening',
        'Select at least one need',
        'Select the basis for this referral',
      ]),
    );
    // A link in the summary takes you to its field.
    await summary.getByRole('link', { name: 'Describe what is happening' }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-clinical-summary');
    await page.locator('#f-clinical-summary-error').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('works out NEWS2 as the observations are typed', async () => {
    const { page } = phone;
    const news2 = page.locator('#news2-total');
    await page.getByLabel('Breathing rate (breaths a minute)').fill('26');
    await page.getByLabel('Oxygen saturation, SpO2 (%)').fill('93');
    expect(await news2.innerText()).toMatch(/NEWS2 total: 5 \(medium/);
    await page.getByLabel('Breathing rate (breaths a minute)').fill('18');
    await page.getByLabel('Oxygen saturation, SpO2 (%)').fill('96');
    await page.getByLabel('Systolic blood pressure (mmHg)').fill('134');
    await page.getByLabel('Pulse (beats a minute)').fill('84');
    await page.getByLabel('Temperature (°C)').fill('36.8');
    await page.getByLabel('No, breathing air').check();
    await page.getByLabel('Alert', { exact: true }).check();
    expect(await news2.innerText()).toBe('NEWS2 total: 0 (low).');
  });

  it("maps the api's 400 onto the field it names, then sends a good referral and shows its reference", async () => {
    const { page } = phone;
    await page.getByLabel('NHS number').fill('999 000 0018');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Date of birth').fill('1938-04-02');
    await page.getByLabel('Postcode where they are now (optional)').fill('NOT A POSTCODE');
    await page
      .getByLabel('What is happening?')
      .fill('Slid from armchair, witnessed, no head strike, no pain, cannot get up.');
    await page.getByLabel('A fall', { exact: true }).check();
    await page.getByLabel('They cannot get up').check();
    await page.getByLabel('The patient agrees to this referral').check();
    await page.getByRole('button', { name: 'Send referral' }).click();

    const summary = page.locator('.nhsuk-error-summary');
    await summary.getByRole('link', { name: /postcode/i }).waitFor();
    await page.locator('#f-patient-postcode-error').waitFor();
    expect(await page.locator('#f-patient-postcode').getAttribute('aria-describedby')).toContain(
      'f-patient-postcode-error',
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Postcode where they are now (optional)').fill('ME7 1AA');
    await page.locator('#news2-total').scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, 160)');
    await screenshot(page, 'referral-form-phone');
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByRole('heading', { name: 'Referral sent' }).waitFor();
    const reference = await page.locator('.app-reference').innerText();
    expect(reference).toMatch(/^FD-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'referral-sent-phone');

    await page.getByRole('link', { name: `Follow referral ${reference}` }).click();
    await page.waitForURL(`**/status/${reference}`);
    await page.getByRole('heading', { name: reference }).waitFor();
    expect(await page.locator('.nhsuk-summary-list').innerText()).toMatch(/What happens next/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('serves the app under the api CSP, and leaves /api, /fhir and /health alone', async () => {
    const page = await fetch(`${web.url}/refer`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const unknownApi = await fetch(`${web.url}/api/v1/nothing-here`);
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ statusCode: 404 });
    expect((await fetch(`${web.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${web.url}/fhir/r4/nothing`)).status).toBe(404);
  });
});
