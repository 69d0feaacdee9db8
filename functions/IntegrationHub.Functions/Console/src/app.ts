// The privacy team's console: presentation only. Every action is one call to the hub's API (see api.ts).
import { ApiError, getJson, getText, postJson, type AuditEntry, type Campaign, type CampaignSummary, type Incident, type IncidentDetail, type Progress, type ReadsPerHour, type Report } from "./api.js";
import { completeEntraSignIn, currentToken, forgetToken, setToken, signInWithEntra, signOut, tokenPerson, type AuthConfig } from "./auth.js";
import { countsFigure, el, hourlyFigure } from "./charts.js";
import { formatNumber, formatTime, language, languageNames, setLanguage, t, type Key } from "./i18n.js";

const categories = ["personal-details", "contact-details", "cv-text", "work-experience", "education", "skills", "occupation", "location", "benefit-status", "special-category"];
const channels = ["digital-mailbox", "e-mail", "sms", "paper"];
const letterLanguages = ["nb", "nn", "da", "nl", "en"];
const views = ["signin", "incidents", "incident", "campaigns", "draft", "campaign", "report"] as const;
type View = typeof views[number];
const pollMilliseconds = 2000;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

let currentCampaign: Campaign | null = null;
let currentReport: Report | null = null;
let currentIncident: { detail: IncidentDetail; reads: ReadsPerHour } | null = null;
let pollTimer: number | undefined;
let clockTimer: number | undefined;
let authConfig: AuthConfig = { mode: "token" };

function show(view: View): void {
  for (const v of views) $(v).hidden = v !== view;
  $("work").hidden = view === "signin";
  for (const [button, target] of [["nav-incidents", "incidents"], ["nav-campaigns", "campaigns"], ["nav-new", "draft"]] as const) {
    if (target === view) $(button).setAttribute("aria-current", "page"); else $(button).removeAttribute("aria-current");
  }
  if (view !== "campaign") stopPolling();
  document.body.dataset.view = view;
}

function say(text: string): void {
  $("alert").hidden = true;
  $("status").textContent = text;
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  $("alert").textContent = message;
  $("alert").hidden = false;
  $("status").textContent = "";
  if (error instanceof ApiError && error.status === 401) {
    forgetToken();
    renderSignIn();
  }
}

async function guarded(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    fail(error);
  }
}

/** A table cell with buttons; each one's accessible name says which row it acts on. */
function buttonCell(row: string, ...buttons: [string, () => Promise<void>][]): HTMLTableCellElement {
  const cell = el("td");
  for (const [label, action] of buttons) {
    const button = el("button", label);
    button.type = "button";
    button.setAttribute("aria-label", `${label}: ${row}`);
    button.addEventListener("click", () => void guarded(action));
    cell.append(button);
  }
  return cell;
}

/** A person by name with the object id on hover (title: aria-label is not allowed on a span); the id alone when no name was recorded. */
function person(name: string | null | undefined, id: string | null | undefined): HTMLElement {
  if (!id) return el("span", "–");
  if (!name) return el("span", id);
  const span = el("span", name, "person");
  span.title = id;
  return span;
}

function auditPerson(entry: AuditEntry | undefined): HTMLElement {
  return entry ? person(entry.name, entry.by) : el("span", "–");
}

// ---------- sign-in ----------

function renderSignIn(): void {
  const person = currentToken() === null ? null : tokenPerson();
  const signedIn = person !== null;
  // Sign-out only when signed in; the name from the token's `name` claim, the object id on hover.
  $("who").hidden = !signedIn;
  $("who-text").textContent = signedIn ? `${t("signedInAs")} ${person.name}` : "";
  $("who-text").title = signedIn ? person.id : "";
  $("token-form").hidden = authConfig.mode !== "token";
  $("entra-signin").hidden = authConfig.mode !== "entra";
  $("signin-none").hidden = authConfig.mode !== "none";
  if (!signedIn) show("signin");
}

// ---------- lists: incidents and campaigns ----------

/** Shows a list view: one GET, one table row per item, the "none" text when empty. */
async function loadList<T>(view: View, path: string, cells: (item: T) => HTMLElement[]): Promise<void> {
  show(view);
  say(t("loading"));
  const { items } = await getJson<{ items: T[] }>(path);
  const rows = $(`${view.replace(/s$/, "")}-rows`);
  rows.replaceChildren(...items.map(item => {
    const row = el("tr");
    row.append(...cells(item));
    return row;
  }));
  $(`${view}-empty`).hidden = items.length > 0;
  say("");
}

function cell(content: HTMLElement): HTMLTableCellElement {
  const td = el("td");
  td.append(content);
  return td;
}

const loadIncidents = () => loadList<Incident>("incidents", "incidents", incident => [
  el("td", incident.party), cell(person(incident.userName, incident.userObjectId)), el("td", incident.rule),
  el("td", formatTime(incident.detectedAt)), el("td", incident.status),
  buttonCell(`${incident.party}, ${formatTime(incident.detectedAt)}`,
    [t("show"), () => openIncident(incident.id)], [t("draftFromIncident"), () => draftFromIncident(incident.id)]),
]);

// ---------- one incident: what the account did over time ----------

async function openIncident(id: string): Promise<void> {
  const path = `incidents/${encodeURIComponent(id)}`;
  const [detail, reads] = await Promise.all([getJson<IncidentDetail>(path), getJson<ReadsPerHour>(`${path}/reads-per-hour`)]);
  currentIncident = { detail, reads };
  show("incident");
  renderIncident();
  $("incident-h").focus();
}

function renderIncident(): void {
  if (!currentIncident) return;
  const { detail, reads } = currentIncident;
  const { incident, window } = detail;
  $("incident-h").textContent = t("incidentOf", { party: incident.party });
  $("incident-h").tabIndex = -1;
  $("i-rule").textContent = incident.rule;
  $("i-detail").textContent = detail.detail ?? "–";
  $("i-user").replaceChildren(person(incident.userName, incident.userObjectId));
  $("i-detected").textContent = formatTime(incident.detectedAt);
  $("i-window").textContent = `${formatTime(window.from)} – ${formatTime(window.to)}`;
  $("i-status").textContent = incident.status;
  $("i-cvs").textContent = formatNumber(detail.receivedCvCount);
  $("i-reads").textContent = formatNumber(detail.receivedRecordCount);
  // Counts only: which citizens' CVs they were is the campaign's business, not this page's.
  const byRegistry: Record<string, number> = {};
  for (const r of detail.received) byRegistry[r.registry] = (byRegistry[r.registry] ?? 0) + 1;
  $("i-charts").replaceChildren(
    hourlyFigure(reads.hours, reads.baseline.perHour ?? null, reads.limits.perHour ?? null, "chart-hourly", formatTime),
    countsFigure("cvsByRegistry", byRegistry, "chart-received", "receivedCvs"));
}

const loadCampaigns = () => loadList<CampaignSummary>("campaigns", "breaches", campaign => [
  el("td", campaign.title), el("td", campaign.status), el("td", formatTime(campaign.detectedAt)),
  el("td", campaign.citizens == null ? "–" : formatNumber(campaign.citizens), "num"),
  buttonCell(campaign.title, [t("open"), () => openCampaign(campaign.id)]),
]);

// ---------- draft form ----------

// {{...}} placeholders are filled by the hub per citizen (contracts/breach-delivery.md); {party}, {from}, {to} here.
// Every letter must hold {{categories}}, {{dpo}}, {{consequences}} and {{measures}} (GDPR art. 34(2); docs/breach.md),
// and each letter language has its own consequences and measures text: a letter says them in its own language.
const incidentTexts: Record<string, { consequences: string; measures: string }> = {
  nb: { consequences: "Arbeidsgiveren kan ha lagret eller delt CV-ene den hentet ut; kontaktopplysninger i åpne CV-er kan bli misbrukt.", measures: "Kontoen ble sperret automatisk da den passerte grensen; vi har kontaktet arbeidsgiveren." },
  da: { consequences: "Arbejdsgiveren kan have gemt eller videregivet de CV'er, den hentede; kontaktoplysninger i åbne CV'er kan blive misbrugt.", measures: "Kontoen blev spærret automatisk, da den overskred grænsen; vi har kontaktet arbejdsgiveren." },
  nl: { consequences: "De werkgever kan de opgehaalde cv's hebben bewaard of doorgegeven; contactgegevens in open cv's kunnen worden misbruikt.", measures: "Het account is automatisch geblokkeerd toen het de grens overschreed; wij hebben contact opgenomen met de werkgever." },
  en: { consequences: "The employer may have stored or passed on the CVs it received; contact details of open CVs may be misused.", measures: "The account was suspended automatically when it crossed the limit; the employer has been contacted." },
};

const letterTemplates: Record<string, { subject: string; body: string }> = {
  nb: { subject: "Opplysninger fra CV-en din ble sett av en arbeidsgiver", body: "En arbeidsgiverkonto ({party}) hentet ut opplysninger fra CV-en din mellom {from} og {to}, mer enn vår tjeneste tillater. Kontoen er sperret. Du trenger ikke gjøre noe, men vær oppmerksom på uventede henvendelser. {{seen}} Det gjelder {{categories}}. {{consequences}} {{measures}} Du kan klage: {{complaint}}. Personvernombudet: {{dpo}}." },
  da: { subject: "Oplysninger fra dit CV blev set af en arbejdsgiver", body: "En arbejdsgiverkonto ({party}) hentede oplysninger fra dit CV mellem {from} og {to}, mere end vores tjeneste tillader. Kontoen er spærret. Du behøver ikke gøre noget, men vær opmærksom på uventede henvendelser. {{seen}} Det drejer sig om {{categories}}. {{consequences}} {{measures}} Du kan klage: {{complaint}}. Databeskyttelsesrådgiveren: {{dpo}}." },
  nl: { subject: "Gegevens uit uw cv zijn bekeken door een werkgever", body: "Een werkgeversaccount ({party}) heeft tussen {from} en {to} gegevens uit uw cv opgehaald, meer dan onze dienst toestaat. Het account is geblokkeerd. U hoeft niets te doen, maar wees alert op onverwachte berichten. {{seen}} Het gaat om {{categories}}. {{consequences}} {{measures}} U kunt een klacht indienen: {{complaint}}. Functionaris gegevensbescherming: {{dpo}}." },
  en: { subject: "Details of your CV were seen by an employer", body: "An employer account ({party}) retrieved details of your CV between {from} and {to}, more than our service allows. The account has been blocked. You need not do anything, but be wary of unexpected messages. {{seen}} It concerns {{categories}}. {{consequences}} {{measures}} You can complain: {{complaint}}. Data protection officer: {{dpo}}." },
};

function buildDraftForm(): void {
  const categoryBox = $("f-categories");
  categoryBox.replaceChildren();
  for (const category of categories) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox"; box.name = "f-category"; box.value = category;
    label.append(box, document.createTextNode(category));
    categoryBox.append(label);
  }
  const channelBox = $("f-channels");
  channelBox.replaceChildren();
  for (const channel of channels) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox"; box.name = "f-channel"; box.value = channel; box.defaultChecked = channel === "digital-mailbox" || channel === "paper";
    label.append(box, document.createTextNode(channel));
    channelBox.append(label);
  }
  const letters = $("f-letters");
  letters.replaceChildren();
  for (const lang of letterLanguages) {
    const box = el("div", undefined, "letter");
    box.dataset.lang = lang;
    const title = el("h3", t("letterIn", { lang: languageNames[lang][language()] }));
    title.id = `f-letter-${lang}-h`;
    title.className = "letter-title";
    const subjectField = el("div", undefined, "field");
    const subjectLabel = el("label", t("subject")); subjectLabel.htmlFor = `f-subject-${lang}`; subjectLabel.dataset.i18n = "subject";
    const subject = el("input"); subject.id = `f-subject-${lang}`; subject.maxLength = 200; subject.lang = lang;
    subjectField.append(subjectLabel, subject);
    const bodyField = el("div", undefined, "field");
    const bodyLabel = el("label", t("body")); bodyLabel.htmlFor = `f-body-${lang}`; bodyLabel.dataset.i18n = "body";
    const body = el("textarea"); body.id = `f-body-${lang}`; body.rows = 3; body.maxLength = 10000; body.lang = lang;
    bodyField.append(bodyLabel, body);
    // Consequences and measures in this letter's language (GDPR art. 34(2): clear and plain language to its reader).
    const textFields = (["consequences", "measures"] as const).map(key => {
      const field = el("div", undefined, "field");
      const label = el("label", t(key)); label.htmlFor = `f-${key}-${lang}`; label.dataset.i18n = key;
      const text = el("textarea"); text.id = `f-${key}-${lang}`; text.rows = 2; text.maxLength = 4000; text.lang = lang;
      field.append(label, text);
      return field;
    });
    const previewButton = el("button", undefined, "secondary");
    const previewLabel = el("span", t("preview"));
    previewLabel.dataset.i18n = "preview";
    previewButton.append(previewLabel, ` (${lang})`);
    previewButton.type = "button";
    previewButton.id = `f-preview-${lang}`;
    previewButton.setAttribute("aria-controls", `f-preview-box-${lang}`);
    const preview = el("article", undefined, "preview");
    preview.id = `f-preview-box-${lang}`;
    preview.lang = lang;
    preview.hidden = true;
    preview.setAttribute("aria-live", "polite");
    previewButton.addEventListener("click", () => {
      preview.replaceChildren();
      if (!subject.value.trim() && !body.value.trim()) {
        preview.append(el("p", t("noLetter")));
      } else {
        preview.append(el("h4", subject.value), el("p", body.value));
      }
      preview.hidden = false;
    });
    box.setAttribute("aria-labelledby", title.id);
    box.append(title, subjectField, bodyField, ...textFields, previewButton, preview);
    letters.append(box);
  }
  for (const radio of document.querySelectorAll<HTMLInputElement>("input[name=f-kind]")) {
    radio.addEventListener("change", showSelectorFields);
  }
  showSelectorFields();
}

function selectorKind(): string {
  return document.querySelector<HTMLInputElement>("input[name=f-kind]:checked")?.value ?? "access-log";
}

function showSelectorFields(): void {
  const kind = selectorKind();
  for (const field of document.querySelectorAll<HTMLElement>("[data-kind]")) {
    field.hidden = !(field.dataset.kind ?? "").split(" ").includes(kind);
  }
}

function value(id: string): string {
  return ($(id) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value.trim();
}

function setValue(id: string, text: string): void {
  ($(id) as HTMLInputElement | HTMLTextAreaElement).value = text;
}

function newDraft(): void {
  buildDraftForm();
  ($("draft-form") as HTMLFormElement).reset();
  showSelectorFields();
  $("draft-source").textContent = "";
  show("draft");
}

async function draftFromIncident(id: string): Promise<void> {
  const detail = await getJson<IncidentDetail>(`incidents/${encodeURIComponent(id)}`);
  newDraft();
  const { incident, window } = detail;
  $("draft-source").textContent = t("fromIncident", {
    id: incident.id, party: incident.party, cvs: formatNumber(detail.receivedCvCount), records: formatNumber(detail.receivedRecordCount),
    from: formatTime(window.from), to: formatTime(window.to),
  });
  setValue("f-title", `Harvesting by ${incident.party} (${incident.rule})`);
  setValue("f-description", `The employer account ${incident.party} received ${detail.receivedCvCount} CVs (${detail.receivedRecordCount} reads) between ${window.from} and ${window.to}; the hub suspended it (${incident.rule}).`);
  setValue("f-detected", incident.detectedAt);
  setValue("f-from", window.from);
  setValue("f-to", window.to);
  for (const box of document.querySelectorAll<HTMLInputElement>("input[name=f-category]")) {
    box.checked = ["cv-text", "work-experience", "education", "skills", "occupation", "location"].includes(box.value);
  }
  (document.querySelector<HTMLInputElement>("input[name=f-kind][value=access-log]"))!.checked = true;
  showSelectorFields();
  setValue("f-party", incident.party);
  for (const [lang, template] of Object.entries(letterTemplates)) {
    const fill = (text: string) => text.replace("{party}", incident.party.replace(/^[a-z]+:/, "")).replace("{from}", formatTime(window.from)).replace("{to}", formatTime(window.to));
    setValue(`f-subject-${lang}`, template.subject);
    setValue(`f-body-${lang}`, fill(template.body));
    setValue(`f-consequences-${lang}`, incidentTexts[lang].consequences);
    setValue(`f-measures-${lang}`, incidentTexts[lang].measures);
  }
  ($("f-fallback") as HTMLSelectElement).value = "en";
  $("f-title").focus();
}

function draftBody(): unknown {
  const kind = selectorKind();
  const selector: Record<string, unknown> = { kind };
  if (kind === "access-log") selector.party = value("f-party");
  if (kind === "exposure" || kind === "citizens") selector.registry = value("f-registry");
  if (kind === "exposure" && value("f-fact")) selector.fact = value("f-fact");
  if (kind === "citizens") selector.citizenIds = value("f-citizens").split(/\s+/).filter(Boolean);
  const letters: Record<string, unknown> = { fallback: value("f-fallback") };
  // A text per language that has anything written: the hub names a text without its letter, or a letter without its text.
  const likelyConsequences: Record<string, string> = {}, measuresTaken: Record<string, string> = {};
  for (const lang of letterLanguages) {
    const subject = value(`f-subject-${lang}`), body = value(`f-body-${lang}`);
    const consequences = value(`f-consequences-${lang}`), measures = value(`f-measures-${lang}`);
    if (subject || body) letters[lang] = { subject, body };
    if (subject || body || consequences || measures) {
      likelyConsequences[lang] = consequences;
      measuresTaken[lang] = measures;
    }
  }
  const checked = (name: string) => [...document.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map(b => b.value);
  const channelPolicy: Record<string, unknown> = { channels: checked("f-channel") };
  if (value("f-rate")) channelPolicy.ratePerMinute = Number(value("f-rate"));
  const draft: Record<string, unknown> = {
    title: value("f-title"), description: value("f-description"), detectedAt: value("f-detected"),
    window: { from: value("f-from"), to: value("f-to") }, dataCategories: checked("f-category"), selector, letters, channelPolicy,
    likelyConsequences, measuresTaken,
  };
  return draft;
}

async function saveDraft(): Promise<void> {
  const campaign = await postJson<Campaign>("breaches", draftBody());
  await openCampaign(campaign.id);
  say(t("saved"));
}

// ---------- one campaign ----------

async function openCampaign(id: string): Promise<void> {
  const campaign = await getJson<Campaign>(`breaches/${encodeURIComponent(id)}`);
  show("campaign");
  renderCampaign(campaign);
  startPolling();
  $("campaign-h").focus();
}

/** A dry run is counted by a worker after the POST answers 202: pending while its audit entry is newer than the count. */
function counting(c: Campaign): boolean {
  const asked = c.audit.filter(a => a.action === "dry-run").map(a => new Date(a.at).getTime());
  const counted = c.audience ? new Date(c.audience.countedAt).getTime() : 0;
  return c.status === "draft" && asked.length > 0 && Math.max(...asked) > counted;
}

// The moves of BreachService.Next (src/IntegrationHub.Core/Breach/BreachService.cs), plus dry-run (drafts only): an
// action is offered only in the states it is legal in; the API refuses the rest with 409 illegal-transition anyway.
const offeredIn: Record<string, string[]> = {
  "dry-run": ["draft"], approve: ["draft"], start: ["approved"], pause: ["running"], resume: ["paused"],
  cancel: ["draft", "approved", "running", "paused"],
};

/** Offered but not yet possible: approve waits for a counted dry run; nothing while a dry run is being counted. */
const readyIn: Record<string, (c: Campaign) => boolean> = {
  "dry-run": c => !counting(c),
  approve: c => !!c.audience && !counting(c),
};

function renderCampaign(campaign: Campaign): void {
  currentCampaign = campaign;
  document.body.dataset.campaignStatus = campaign.status;
  $("campaign-h").textContent = campaign.title;
  $("campaign-h").tabIndex = -1;
  $("c-id").textContent = campaign.id;
  $("c-status").textContent = campaign.status;
  $("c-detected").textContent = formatTime(campaign.detectedAt);
  $("c-deadline").textContent = formatTime(new Date(new Date(campaign.detectedAt).getTime() + 72 * 3600_000).toISOString());
  const s = campaign.selector;
  $("c-selector").textContent = [s.kind, s.party, s.registry, s.fact, s.citizenCount == null ? null : `${s.citizenCount}`].filter(Boolean).join(" · ");
  const last = (action: string) => [...campaign.audit].reverse().find(a => a.action === action);
  $("c-approved").replaceChildren(auditPerson(last("approve")));
  $("c-started").replaceChildren(auditPerson(last("start")));
  let offered = 0;
  for (const button of document.querySelectorAll<HTMLButtonElement>("#campaign [data-action]")) {
    const action = button.dataset.action!;
    button.hidden = !offeredIn[action].includes(campaign.status);
    button.disabled = !button.hidden && !(readyIn[action]?.(campaign) ?? true);
    if (!button.hidden) offered++;
  }
  document.body.dataset.offered = [...document.querySelectorAll<HTMLButtonElement>("#campaign [data-action]:not([hidden])")].map(b => b.dataset.action).join(" ");
  $("c-no-actions").hidden = offered > 0;
  renderAudience(campaign);
  renderProgress(campaign.progress ?? null);
  const audit = $("c-audit-list");
  audit.replaceChildren(...campaign.audit.map(a => {
    const item = el("li", `${formatTime(a.at)} · ${a.action} · `);
    item.append(a.by === "hub" ? el("span", t("theHub")) : auditPerson(a));
    return item;
  }));
  tickDeadline();
}

function renderAudience(campaign: Campaign): void {
  const audience = counting(campaign) ? null : campaign.audience;
  $("c-audience-none").hidden = !!audience;
  $("c-audience-none").textContent = t(counting(campaign) ? "counting" : "noDryRun");
  const body = $("c-audience-body");
  body.replaceChildren();
  if (!audience) return;
  const facts = el("dl", undefined, "facts");
  for (const [key, count] of [["citizens", audience.citizens], ["records", audience.records], ["unresolvedCvs", audience.unresolvedCvs]] as [Key, number][]) {
    const dd = el("dd", formatNumber(count));
    dd.id = `c-audience-${key}`;
    facts.append(el("dt", t(key)), dd);
  }
  const charts = el("div", undefined, "charts");
  charts.append(
    countsFigure("byRegistry", audience.byRegistry, "chart-registry"),
    countsFigure("byLanguage", audience.byLanguage, "chart-language"),
    countsFigure("byChannel", audience.byChannel, "chart-channel"),
    countsFigure("byProtectedStatus", audience.byProtectedStatus, "chart-protected"));
  body.append(facts, charts);
}

function renderProgress(progress: Progress | null): void {
  $("c-progress-none").hidden = !!progress;
  $("c-progress-body").hidden = !progress;
  if (!progress) return;
  const bar = $("c-bar") as HTMLProgressElement;
  bar.value = progress.percent;
  $("c-bar-label").textContent = t("percentDone", { percent: formatNumber(Math.round(progress.percent * 10) / 10) });
  const left = progress.estimatedCompletion ? Math.max(0, new Date(progress.estimatedCompletion).getTime() - Date.now()) : null;
  const rows: [Key, string][] = [
    ["total", formatNumber(progress.total)], ["queued", formatNumber(progress.queued)],
    ["delivered", formatNumber(progress.delivered)], ["failed", formatNumber(progress.failed)],
    ["ratePerMinute", progress.ratePerMinute == null ? "–" : formatNumber(Math.round(progress.ratePerMinute))],
    ["timeLeft", progress.completedAt ? "0:00:00" : left == null ? t("unknown") : duration(left)],
    ["startedAt", formatTime(progress.startedAt)], ["completedAt", formatTime(progress.completedAt)],
  ];
  for (const list of [progress.byChannel, progress.byLanguage]) {
    for (const item of list ?? []) rows.push([list === progress.byChannel ? "byChannel" : "byLanguage", `${item.key}: ${formatNumber(item.count)}`]);
  }
  $("c-progress-facts").replaceChildren(...rows.flatMap(([key, text]) => [el("dt", t(key)), el("dd", text)]));
}

function duration(milliseconds: number): string {
  const total = Math.floor(milliseconds / 1000);
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

function tickDeadline(): void {
  if (!currentCampaign) return;
  const remaining = new Date(currentCampaign.detectedAt).getTime() + 72 * 3600_000 - Date.now();
  const countdown = $("c-countdown");
  countdown.textContent = remaining >= 0 ? `${duration(remaining)} ${t("left")}` : `${t("overdue")} ${duration(-remaining)}`;
  countdown.classList.toggle("overdue", remaining < 0);
}

function startPolling(): void {
  stopPolling();
  clockTimer = window.setInterval(tickDeadline, 1000);
  pollTimer = window.setInterval(() => {
    const campaign = currentCampaign;
    if (!campaign || !(["approved", "running", "paused"].includes(campaign.status) || counting(campaign))) return;
    void guarded(async () => renderCampaign(await getJson<Campaign>(`breaches/${encodeURIComponent(campaign.id)}`)));
  }, pollMilliseconds);
}

function stopPolling(): void {
  window.clearInterval(pollTimer);
  window.clearInterval(clockTimer);
}

async function act(action: string): Promise<void> {
  const campaign = currentCampaign!;
  const updated = await postJson<Campaign>(`breaches/${encodeURIComponent(campaign.id)}/${action}`);
  renderCampaign(updated);
  say(t("done", { action: t((action === "dry-run" ? "dryRun" : action) as Key) }));
}

// ---------- report ----------

async function openReport(): Promise<void> {
  const campaign = currentCampaign!;
  currentReport = await getJson<Report>(`breaches/${encodeURIComponent(campaign.id)}/report`);
  show("report");
  renderReport(currentReport);
  $("report-h").focus();
}

function renderReport(report: Report): void {
  const rows: [Key | string, string][] = [
    ["campaignTitle", report.title], ["state", report.status], ["nature", report.nature], ["dataCategories", report.dataCategories.join(", ")],
    ["recipient", report.recipient ?? "–"],
    ["people", report.approximateNumberOfPeople == null ? t("notCounted") : formatNumber(report.approximateNumberOfPeople)],
    ["records", report.approximateNumberOfRecords == null ? t("notCounted") : formatNumber(report.approximateNumberOfRecords)],
    // Each letter language's text, the fallback language first (as the report lists them).
    ...report.likelyConsequencesByLanguage.map(({ language: lang, text }): [string, string] => [`${t("consequences")} (${lang})`, text]),
    ...report.measuresTakenByLanguage.map(({ language: lang, text }): [string, string] => [`${t("measures")} (${lang})`, text]),
    ["window", `${formatTime(report.timeline.windowFrom)} – ${formatTime(report.timeline.windowTo)}`],
    ["detected", formatTime(report.timeline.detectedAt)], ["deadline", formatTime(report.timeline.deadline)],
    ["reportedAt", formatTime(report.timeline.reportedAt)], ["deadlineMet", report.timeline.deadlineMet ? t("yes") : t("no")],
  ];
  $("r-body").replaceChildren(...rows.flatMap(([key, text]) => [el("dt", t(key as Key)), el("dd", text)]));
}

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------- start ----------

async function main(): Promise<void> {
  const saved = sessionStorage.getItem("integrationhub.console.lang") ?? (navigator.language || "en").substring(0, 2);
  ($("lang") as HTMLSelectElement).value = setLanguage(saved === "no" || saved === "nn" ? "nb" : saved);
  $("lang").addEventListener("change", () => {
    const lang = setLanguage(($("lang") as HTMLSelectElement).value);
    sessionStorage.setItem("integrationhub.console.lang", lang);
    say("");
    renderSignIn();
    for (const title of document.querySelectorAll<HTMLElement>(".letter-title")) {
      title.textContent = t("letterIn", { lang: languageNames[title.closest<HTMLElement>(".letter")!.dataset.lang!][lang] });
    }
    if (currentCampaign && !$("campaign").hidden) renderCampaign(currentCampaign);
    if (currentIncident && !$("incident").hidden) renderIncident();
    if (currentReport && !$("report").hidden) renderReport(currentReport);
  });
  buildDraftForm();

  try {
    authConfig = (await getJson<{ auth: AuthConfig }>("console/config.json")).auth;
  } catch (error) {
    fail(error);
  }
  if (authConfig.mode === "entra") await guarded(async () => { await completeEntraSignIn(authConfig); });

  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    const token = value("token");
    if (!token) { fail(new Error(t("tokenRequired"))); return; }
    setToken(token);
    setValue("token", "");
    renderSignIn();
    void guarded(loadIncidents);
  });
  $("entra-signin").addEventListener("click", () => void guarded(() => signInWithEntra(authConfig)));
  $("signout").addEventListener("click", () => void guarded(async () => {
    currentCampaign = null;
    await signOut(authConfig);
    renderSignIn();
    $("token").focus();
  }));
  $("nav-incidents").addEventListener("click", () => void guarded(loadIncidents));
  $("i-draft").addEventListener("click", () => void guarded(() => draftFromIncident(currentIncident!.detail.incident.id)));
  $("nav-campaigns").addEventListener("click", () => void guarded(loadCampaigns));
  $("nav-new").addEventListener("click", newDraft);
  $("draft-form").addEventListener("submit", event => {
    event.preventDefault();
    void guarded(saveDraft);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>("#campaign [data-action]")) {
    button.addEventListener("click", () => void guarded(() => act(button.dataset.action!)));
  }
  $("c-report-open").addEventListener("click", () => void guarded(openReport));
  $("r-back").addEventListener("click", () => void guarded(() => openCampaign(currentCampaign!.id)));
  $("r-json").addEventListener("click", () => {
    if (currentReport) download(`breach-report-${currentReport.campaignId}.json`, "application/json", JSON.stringify(currentReport, null, 2));
  });
  $("r-html").addEventListener("click", () => void guarded(async () => {
    const html = await getText(`breaches/${encodeURIComponent(currentCampaign!.id)}/report?format=html`, "text/html");
    download(`breach-report-${currentCampaign!.id}.html`, "text/html", html);
  }));
  $("report-h").tabIndex = -1;

  renderSignIn();
  if (currentToken()) await guarded(loadIncidents);
}

void main();
