// End-to-end test of the privacy console in a real headless Chromium (the system's, no browser download), driven by
// playwright-core. Run by ConsoleBrowserTests (C#), which starts the dev host, replays a harvesting incident and passes:
//   HUB_URL, TOKEN_ALICE, TOKEN_BOB (dev tokens of two people with Breach.Manage), EXPECTED_CITIZENS, EXPECTED_PARTY,
//   SCREENSHOTS (folder), CHROMIUM (executable). Prints one JSON line {"campaignId": ...} and exits 0, or fails loudly.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";

const env = name => process.env[name] ?? assert.fail(`${name} is not set`);
const base = env("HUB_URL").replace(/\/$/, "");
const shots = env("SCREENSHOTS");
const expectedCitizens = Number(env("EXPECTED_CITIZENS"));
const party = env("EXPECTED_PARTY");
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: env("CHROMIUM"),
  // Root (CI containers) cannot use Chromium's sandbox.
  args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
});
const problems = [];
let step = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", acceptDownloads: true });
  const page = await context.newPage();
  page.on("pageerror", e => problems.push(`page error: ${e.message}`));
  page.on("console", m => { if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`); });
  page.on("requestfailed", r => problems.push(`request failed: ${r.url()}`));
  page.on("request", r => { if (!r.url().startsWith(base) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) problems.push(`external request: ${r.url()}`); });

  const shot = async name => {
    step += 1;
    await page.screenshot({ path: join(shots, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
  };
  const signIn = async token => {
    if (await page.locator("#signout").isVisible()) await page.click("#signout");
    await page.fill("#token", token);
    await page.click("#token-form button[type=submit]");
    await page.waitForSelector("#incidents:not([hidden])");
  };
  const openCampaign = async id => {
    await page.click("#nav-campaigns");
    await page.waitForSelector("#campaigns:not([hidden])");
    await page.locator("#campaign-rows tr", { hasText: "Harvesting by" }).first().getByRole("button").click();
    await page.waitForSelector("#campaign:not([hidden])");
    assert.equal(await page.innerText("#c-id"), id);
  };
  const statusIs = async status => page.waitForFunction(s => document.body.dataset.campaignStatus === s, status);

  // 1. Sign in with a dev token. Keyboard first: Tab reaches the skip link, every form control has a label.
  await page.goto(`${base}/api/console`);
  await page.waitForSelector("#token-form:not([hidden])");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "skip");
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter(e => e.labels.length === 0 && !e.getAttribute("aria-label")).map(e => e.id || e.name));
  assert.deepEqual(unlabelled, [], "every control has a label");
  assert.equal(await page.evaluate(() => sessionStorage.length === 0 || !sessionStorage.getItem("integrationhub.console.token")), true);
  await page.fill("#token", env("TOKEN_ALICE"));
  await shot("sign-in");
  await page.click("#token-form button[type=submit]");

  // 2. The incident list shows the suspended account; the token is held in sessionStorage only.
  await page.waitForSelector("#incident-rows tr");
  const rows = page.locator("#incident-rows tr");
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(party));
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.ok(await page.evaluate(() => !!sessionStorage.getItem("integrationhub.console.token")));
  await shot("incidents");

  // 3. One click drafts a campaign from it: access-log selector, party = the account, window = the incident's.
  await rows.first().getByRole("button").click();
  await page.waitForSelector("#draft:not([hidden])");
  assert.equal(await page.inputValue("#f-party"), party);
  assert.ok(await page.isChecked("input[name=f-kind][value=access-log]"));
  assert.notEqual(await page.inputValue("#f-from"), "");
  await page.click("#f-preview-nb");
  await page.waitForSelector("#f-preview-box-nb:not([hidden]) h4");
  assert.match(await page.innerText("#f-preview-box-nb"), /CV-en din/);
  await page.click("#f-preview-nn");
  assert.match(await page.innerText("#f-preview-box-nn"), /fallback/);
  await shot("draft-from-incident");
  await page.click("#draft-form button[type=submit]");
  await page.waitForSelector("#campaign:not([hidden])");
  await statusIs("draft");
  assert.match(await page.innerText("#c-countdown"), /^\d+:\d\d:\d\d left$/);

  // 4. Dry run: counts as a table and bar charts by registry, language, channel and protected status.
  await page.click("[data-action=dry-run]");
  await page.waitForSelector("#c-audience-citizens");
  assert.equal(Number((await page.innerText("#c-audience-citizens")).replace(/\D/g, "")), expectedCitizens);
  for (const chart of ["chart-registry", "chart-language", "chart-channel", "chart-protected"]) {
    const bars = await page.locator(`#${chart} svg rect.bar`).count();
    assert.ok(bars >= 1, `${chart} has bars`);
    const total = await page.locator(`#${chart} svg rect.bar`).evaluateAll(rs => rs.reduce((s, r) => s + Number(r.dataset.count), 0));
    assert.equal(total, expectedCitizens, `${chart} adds up to the citizens`);
  }
  const campaignId = await page.innerText("#c-id");
  await shot("dry-run");

  // 5. The drafter cannot start alone: a second person (Bob) approves ...
  await signIn(env("TOKEN_BOB"));
  await openCampaign(campaignId);
  await page.click("[data-action=approve]");
  await statusIs("approved");
  assert.equal(await page.isDisabled("[data-action=approve]"), true);
  await shot("approved-by-second-person");

  // ... and Bob may not start what he approved (the API answers two-person-rule, shown as an alert) ...
  await page.click("[data-action=start]");
  await page.waitForSelector("#alert:not([hidden])");
  assert.match(await page.innerText("#alert"), /two-person-rule/);

  // 6. ... so Alice starts it, then pauses and resumes it; progress is polled from GET /api/breaches/{id}.
  await signIn(env("TOKEN_ALICE"));
  await openCampaign(campaignId);
  await page.click("[data-action=start]");
  await statusIs("running");
  await page.click("[data-action=pause]");
  await statusIs("paused");
  await page.click("[data-action=resume]");
  await statusIs("running");
  // The letters go out to the registry's delivery endpoint; the bar, rate and counts follow GET /api/breaches/{id}.
  await page.waitForSelector("#c-progress-body:not([hidden])", { timeout: 60_000 });
  await shot("running");
  await statusIs("completed");
  assert.equal(await page.evaluate(() => document.getElementById("c-bar").value), 100);
  assert.equal(await page.innerText("#c-bar-label"), "100 % delivered");
  const facts = await page.innerText("#c-progress-facts");
  assert.match(facts, new RegExp(`Delivered\\s+${expectedCitizens}\\b`));
  assert.match(facts, /Failed\s+0\b/);
  assert.match(facts, /Time left\s+0:00:00/);
  await shot("completed");

  // 7. The authority report: on screen, then downloaded as JSON and HTML.
  await page.click("#c-report-open");
  await page.waitForSelector("#report:not([hidden]) #r-body dd");
  const report = await page.innerText("#r-body");
  assert.match(report, new RegExp(party));
  assert.match(report, /72-hour deadline/);
  const [json] = await Promise.all([page.waitForEvent("download"), page.click("#r-json")]);
  const parsed = JSON.parse(readFileSync(await json.path(), "utf8"));
  assert.equal(parsed.approximateNumberOfPeople, expectedCitizens);
  assert.equal(parsed.campaignId, campaignId);
  const [html] = await Promise.all([page.waitForEvent("download"), page.click("#r-html")]);
  assert.match(readFileSync(await html.path(), "utf8"), /GDPR art\. 33/);
  await shot("report");

  // 8. The same page in Norwegian, Danish and Dutch.
  for (const [lang, heading, deadline] of [["nb", "Rapport til Datatilsynet", "72-timersfrist"], ["da", "Anmeldelse til Datatilsynet", "72-timersfrist"], ["nl", "Melding aan de Autoriteit Persoonsgegevens", "Termijn van 72 uur"]]) {
    await page.selectOption("#lang", lang);
    assert.equal(await page.innerText("#report-h"), heading);
    assert.match(await page.innerText("#r-body"), new RegExp(deadline));
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
  }
  await shot("report-nb-da-nl");

  assert.deepEqual(problems, [], "no page errors, failed or external requests");
  console.log(JSON.stringify({ campaignId, screenshots: step }));
} catch (error) {
  // Say what the page said: the alert holds the API's problem (status, type, title, fields).
  const page = browser.contexts()[0]?.pages()[0];
  if (page) {
    await page.screenshot({ path: join(shots, "failure.png"), fullPage: true }).catch(() => {});
    const alert = await page.locator("#alert").innerText().catch(() => "");
    console.error(`step ${step}; alert: ${alert}; status: ${await page.locator("#status").innerText().catch(() => "")}`);
  }
  console.error(problems.join("\n"));
  throw error;
} finally {
  await browser.close();
}
