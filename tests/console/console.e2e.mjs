// End-to-end test of the privacy console in a real headless Chromium (the system's, no browser download), driven by
// playwright-core. Run by ConsoleBrowserTests (C#), which starts the dev host, replays a harvesting incident and passes:
//   HUB_URL, TOKEN_ALICE, TOKEN_BOB (dev tokens of two people with Breach.Manage), NAME_ALICE, NAME_BOB, NAME_HARVESTER
//   (the names those tokens and the harvester's carry), EXPECTED_CITIZENS, EXPECTED_PARTY, SCREENSHOTS (folder),
//   CHROMIUM (executable). Prints one JSON line {"campaignId": ...} and exits 0, or fails loudly.
// Accessibility: axe-core (npm, the engine @axe-core/playwright wraps) is evaluated in the page on every screen; no
// serious or critical violation may remain. Evaluated through the DevTools protocol, so the page's CSP stays as served.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import assert from "node:assert/strict";

const env = name => process.env[name] ?? assert.fail(`${name} is not set`);
const base = env("HUB_URL").replace(/\/$/, "");
const shots = env("SCREENSHOTS");
const expectedCitizens = Number(env("EXPECTED_CITIZENS"));
const party = env("EXPECTED_PARTY");
const [alice, bob, harvester] = [env("NAME_ALICE"), env("NAME_BOB"), env("NAME_HARVESTER")];
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
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
  // The actions offered in a state (visible buttons), as the page lists them.
  const offered = async expected => page.waitForFunction(e => document.body.dataset.offered === e, expected);
  const axeChecked = [];
  const accessible = async screen => {
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
      .filter(v => v.impact === "serious" || v.impact === "critical")
      .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`));
    assert.deepEqual(violations, [], `axe: no serious or critical violations on ${screen}`);
    axeChecked.push(screen);
  };

  // 1. Sign in with a dev token. Keyboard first: Tab reaches the skip link, every form control has a label.
  await page.goto(`${base}/api/console`);
  await page.waitForSelector("#token-form:not([hidden])");
  assert.equal(await page.isVisible("#signout"), false, "no sign-out before sign-in");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "skip");
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter(e => e.labels.length === 0 && !e.getAttribute("aria-label")).map(e => e.id || e.name));
  assert.deepEqual(unlabelled, [], "every control has a label");
  assert.equal(await page.evaluate(() => sessionStorage.length === 0 || !sessionStorage.getItem("integrationhub.console.token")), true);
  await page.fill("#token", env("TOKEN_ALICE"));
  await accessible("sign-in");
  await shot("sign-in");
  await page.click("#token-form button[type=submit]");
  // Signed in: the name from the token, the object id on hover, and now a sign-out button.
  await page.waitForSelector("#signout", { state: "visible" });
  assert.match(await page.innerText("#who-text"), new RegExp(alice));
  assert.match(await page.getAttribute("#who-text", "title"), /^[0-9a-f-]{36}$/);

  // 2. The incident list shows the suspended account; the token is held in sessionStorage only.
  await page.waitForSelector("#incident-rows tr");
  const rows = page.locator("#incident-rows tr");
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(party));
  assert.match(await rows.first().innerText(), new RegExp(harvester), "who is suspended, by name");
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.ok(await page.evaluate(() => !!sessionStorage.getItem("integrationhub.console.token")));
  await accessible("incidents");
  await shot("incidents");

  // 3. The incident page: reads per hour over its window (bars add up to every read the access log holds), the rule's
  //    reference lines, and the CVs received by registry (counts only, no citizen and no CV id).
  await rows.first().getByRole("button", { name: /^Show/ }).click();
  await page.waitForSelector("#incident:not([hidden]) #chart-hourly svg rect.bar");
  const reads = Number((await page.innerText("#i-reads")).replace(/\D/g, ""));
  const hourly = await page.locator("#chart-hourly svg rect.bar").evaluateAll(rs => rs.reduce((s, r) => s + Number(r.dataset.count), 0));
  assert.equal(hourly, reads, "the hourly bars add up to the incident's reads");
  assert.ok(reads >= expectedCitizens);
  assert.match(await page.innerText("#chart-hourly-legend"), /No baseline.*Limit per hour: 50/);
  assert.equal(await page.locator("#chart-hourly svg line.limit").count(), 1);
  const byRegistry = await page.locator("#chart-received svg rect.bar").evaluateAll(rs => rs.reduce((s, r) => s + Number(r.dataset.count), 0));
  assert.equal(byRegistry, expectedCitizens, "CVs received by registry add up");
  assert.match(await page.innerText("#i-user"), new RegExp(harvester));
  await accessible("incident");
  await shot("incident-chart");

  // 4. One click drafts a campaign from it: access-log selector, party = the account, window = the incident's.
  await page.click("#i-draft");
  await page.waitForSelector("#draft:not([hidden])");
  assert.equal(await page.inputValue("#f-party"), party);
  assert.ok(await page.isChecked("input[name=f-kind][value=access-log]"));
  assert.notEqual(await page.inputValue("#f-from"), "");
  // Consequences and measures per letter language (GDPR art. 34(2)): the nb letter's are Norwegian, none for nn (no letter).
  assert.match(await page.inputValue("#f-consequences-nb"), /Arbeidsgiveren/);
  assert.match(await page.inputValue("#f-measures-da"), /Kontoen/);
  assert.equal(await page.inputValue("#f-consequences-nn"), "");
  await page.click("#f-preview-nb");
  await page.waitForSelector("#f-preview-box-nb:not([hidden]) h4");
  assert.match(await page.innerText("#f-preview-box-nb"), /CV-en din/);
  await page.click("#f-preview-nn");
  assert.match(await page.innerText("#f-preview-box-nn"), /fallback/);
  await accessible("draft");
  await shot("draft-from-incident");
  await page.click("#draft-form button[type=submit]");
  await page.waitForSelector("#campaign:not([hidden])");
  await statusIs("draft");
  assert.match(await page.innerText("#c-countdown"), /^\d+:\d\d:\d\d left$/);
  // A draft offers Dry run, Approve (not before a counted dry run) and Cancel; nothing else.
  await offered("dry-run approve cancel");
  assert.equal(await page.isDisabled("[data-action=approve]"), true);
  assert.equal(await page.isVisible("[data-action=start]"), false);

  // 5. Dry run: counts as a table and bar charts by registry, language, channel and protected status.
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
  assert.match(await page.innerText("#c-audit-list"), new RegExp(`created · ${alice}`));
  await accessible("campaign");
  await shot("dry-run");

  // 6. The drafter cannot start alone: a second person (Bob) approves ...
  await signIn(env("TOKEN_BOB"));
  await openCampaign(campaignId);
  await page.click("[data-action=approve]");
  await statusIs("approved");
  await offered("start cancel");
  assert.equal(await page.innerText("#c-approved"), bob);
  assert.match(await page.getAttribute("#c-approved span", "title"), /^[0-9a-f-]{36}$/);
  await shot("approved-by-second-person");

  // ... and Bob may not start what he approved (the API answers two-person-rule, shown as an alert) ...
  await page.click("[data-action=start]");
  await page.waitForSelector("#alert:not([hidden])");
  assert.match(await page.innerText("#alert"), /two-person-rule/);

  // 7. ... so Alice starts it, then pauses and resumes it; progress is polled from GET /api/breaches/{id}.
  await signIn(env("TOKEN_ALICE"));
  await openCampaign(campaignId);
  await page.click("[data-action=start]");
  await statusIs("running");
  assert.equal(await page.innerText("#c-started"), alice);
  await page.click("[data-action=pause]");
  await statusIs("paused");
  await offered("resume cancel");
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
  // Completed: no Dry run, Approve, Start or any other move is offered; the report stays.
  await offered("");
  for (const action of ["dry-run", "approve", "start", "pause", "resume", "cancel"]) {
    assert.equal(await page.isVisible(`[data-action=${action}]`), false, `${action} is not offered on a completed campaign`);
  }
  assert.equal(await page.isVisible("#c-no-actions"), true);
  assert.equal(await page.isVisible("#c-report-open"), true);
  const audit = await page.innerText("#c-audit-list");
  for (const [action, name] of [["approve", bob], ["start", alice], ["pause", alice], ["resume", alice]]) {
    assert.match(audit, new RegExp(`${action} · ${name}`), `${action} by ${name}`);
  }
  await accessible("completed");
  await shot("completed");

  // 8. The authority report: on screen, then downloaded as JSON and HTML.
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
  await accessible("report");
  await shot("report");

  // 9. The same page in Norwegian, Danish and Dutch.
  for (const [lang, heading, deadline] of [["nb", "Rapport til Datatilsynet", "72-timersfrist"], ["da", "Anmeldelse til Datatilsynet", "72-timersfrist"], ["nl", "Melding aan de Autoriteit Persoonsgegevens", "Termijn van 72 uur"]]) {
    await page.selectOption("#lang", lang);
    assert.equal(await page.innerText("#report-h"), heading);
    assert.match(await page.innerText("#r-body"), new RegExp(deadline));
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
  }
  await shot("report-nb-da-nl");

  // 10. Every screen in the four languages: the incident page and its chart in each, the screenshot in Norwegian.
  await page.click("#nav-incidents");
  await page.locator("#incident-rows tr").first().getByRole("button").first().click();
  await page.waitForSelector("#incident:not([hidden]) #chart-hourly");
  for (const [lang, chart, user] of [["nl", "Keer bekeken per uur", "Geblokkeerde gebruiker"], ["da", "Opslag pr. time", "Spærret bruger"], ["en", "Reads per hour", "Suspended user"], ["nb", "Oppslag per time", "Sperret bruker"]]) {
    await page.selectOption("#lang", lang);
    assert.match(await page.innerText("#chart-hourly figcaption"), new RegExp(chart));
    assert.match(await page.innerText("#incident"), new RegExp(user));
    await accessible(`incident-${lang}`);
  }
  await shot("incident-nb");

  assert.deepEqual(problems, [], "no page errors, failed or external requests");
  console.log(JSON.stringify({ campaignId, screenshots: step, axe: axeChecked }));
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
