// UI texts in Norwegian (bokmål), Danish, Dutch and English. Data (titles, letters, ids) is shown as entered.
export type Lang = "nb" | "da" | "nl" | "en";
export const languages: Lang[] = ["nb", "da", "nl", "en"];

const en = {
  signInNone: "Sign-in is not configured: the hub needs Console__ClientId (the console's app registration).",
  suspendedUser: "Suspended user", ruleDetail: "What the hub saw", receivedCvs: "CVs received", receivedReads: "Reads", show: "Show",
  incidentOf: "Incident: {party}", readsPerHour: "Reads per hour (UTC)", baselinePerHour: "Usual rate per hour (baseline)",
  limitPerHour: "Limit per hour", noBaseline: "No baseline: too little history before the incident",
  noHourLimit: "No per-hour limit for this account", hoursWithReads: "Hours with reads", hour: "Hour (UTC)",
  cvsByRegistry: "CVs received by registry", startedBy: "Started by",
  noActions: "Nothing more can be done with this campaign; its report stays available.", theHub: "the hub",
  skip: "Skip to content", title: "Privacy console", language: "Language", signIn: "Sign in", signOut: "Sign out",
  signInEntra: "Sign in with Microsoft", tokenLabel: "Access token",
  tokenHint: "Locally: paste the output of ./hub token --role Breach.Manage --client dev-privacy --user YOUR-ID",
  signedInAs: "Signed in as", tokenRequired: "Paste a token first.",
  incidents: "Incidents", campaigns: "Campaigns", newCampaign: "New campaign",
  incidentsCaption: "Accounts suspended for harvesting", campaignsCaption: "Breach-notification campaigns",
  party: "Account", rule: "Rule", detected: "Detected", state: "Status", actions: "Actions",
  noIncidents: "No incidents.", noCampaigns: "No campaigns.", campaignTitle: "Title", campaignId: "Campaign id", citizens: "Citizens",
  draftFromIncident: "Draft campaign", open: "Open",
  fromIncident: "Drafted from incident {id}: {party} received {cvs} CVs ({records} reads) between {from} and {to}.",
  description: "Nature of the breach", detectedAt: "Detected at (UTC)", windowFrom: "Window from (UTC)", windowTo: "Window to (UTC)",
  dataCategories: "Categories of personal data", consequences: "Likely consequences", measures: "Measures taken",
  selector: "Who is affected", kindAccessLog: "What an account received (access log)",
  kindExposure: "CVs shown to employers while a fact held", kindCitizens: "A list of citizen ids",
  registry: "Registry", fact: "Fact", anyExposure: "any exposure", citizenIds: "Citizen ids, one a line",
  letters: "Letters", fallback: "Fallback language", subject: "Subject", body: "Text", preview: "Preview",
  letterIn: "Letter in {lang}", noLetter: "No letter in this language: the fallback is used.",
  channels: "Channels", rate: "Letters per minute per channel (empty: no limit)", saveDraft: "Save draft", saved: "Draft saved.",
  deadline: "72-hour deadline", approvedBy: "Approved by", left: "left", overdue: "overdue by",
  dryRun: "Dry run", approve: "Approve", start: "Start", pause: "Pause", resume: "Resume", cancel: "Cancel", report: "Report",
  done: "Done: {action}.", audience: "Dry run", noDryRun: "Not counted yet: run a dry run.", counting: "Counting the affected citizens…",
  records: "Records", unresolvedCvs: "CVs deleted since (for the registry to resolve)",
  byRegistry: "By registry", byLanguage: "By language", byChannel: "By channel", byProtectedStatus: "By protected status",
  key: "Value", count: "Citizens",
  progress: "Progress", noProgress: "No progress yet.", percentDone: "{percent} % delivered",
  total: "Total", queued: "Queued", delivered: "Delivered", failed: "Failed", ratePerMinute: "Rate (letters per minute)",
  timeLeft: "Time left", completedAt: "Completed", startedAt: "Started", unknown: "unknown",
  audit: "Actions taken", reportTitle: "Report to the data protection authority",
  downloadJson: "Download JSON", downloadHtml: "Download HTML", back: "Back to the campaign",
  nature: "Nature of the breach", recipient: "Recipient (organisation)", people: "Approximate number of people",
  notCounted: "not counted yet", window: "Window of the breach", reportedAt: "Reported", deadlineMet: "Deadline met",
  yes: "yes", no: "no", loading: "Loading…",
};

export type Key = keyof typeof en;

const nb: Record<Key, string> = {
  signInNone: "Innlogging er ikke satt opp: huben trenger Console__ClientId (konsollets appregistrering).",
  suspendedUser: "Sperret bruker", ruleDetail: "Hva huben så", receivedCvs: "CV-er mottatt", receivedReads: "Oppslag", show: "Vis",
  incidentOf: "Hendelse: {party}", readsPerHour: "Oppslag per time (UTC)", baselinePerHour: "Vanlig takt per time (grunnlinje)",
  limitPerHour: "Grense per time", noBaseline: "Ingen grunnlinje: for lite historikk før hendelsen",
  noHourLimit: "Ingen timegrense for denne kontoen", hoursWithReads: "Timer med oppslag", hour: "Time (UTC)",
  cvsByRegistry: "Mottatte CV-er etter register", startedBy: "Startet av",
  noActions: "Det kan ikke gjøres mer med denne kampanjen; rapporten er fortsatt tilgjengelig.", theHub: "huben",
  skip: "Gå til innholdet", title: "Personvernkonsoll", language: "Språk", signIn: "Logg inn", signOut: "Logg ut",
  signInEntra: "Logg inn med Microsoft", tokenLabel: "Tilgangstoken",
  tokenHint: "Lokalt: lim inn utdata fra ./hub token --role Breach.Manage --client dev-privacy --user DIN-ID",
  signedInAs: "Logget inn som", tokenRequired: "Lim inn et token først.",
  incidents: "Hendelser", campaigns: "Kampanjer", newCampaign: "Ny kampanje",
  incidentsCaption: "Kontoer sperret for innhøsting", campaignsCaption: "Varslingskampanjer ved avvik",
  party: "Konto", rule: "Regel", detected: "Oppdaget", state: "Status", actions: "Handlinger",
  noIncidents: "Ingen hendelser.", noCampaigns: "Ingen kampanjer.", campaignTitle: "Tittel", campaignId: "Kampanje-id", citizens: "Innbyggere",
  draftFromIncident: "Lag kampanjeutkast", open: "Åpne",
  fromIncident: "Utkast fra hendelse {id}: {party} mottok {cvs} CV-er ({records} oppslag) mellom {from} og {to}.",
  description: "Avvikets art", detectedAt: "Oppdaget (UTC)", windowFrom: "Periode fra (UTC)", windowTo: "Periode til (UTC)",
  dataCategories: "Kategorier av personopplysninger", consequences: "Sannsynlige konsekvenser", measures: "Tiltak som er gjort",
  selector: "Hvem er berørt", kindAccessLog: "Det en konto mottok (tilgangsloggen)",
  kindExposure: "CV-er vist til arbeidsgivere mens et forhold gjaldt", kindCitizens: "En liste med innbygger-id-er",
  registry: "Register", fact: "Forhold", anyExposure: "all eksponering", citizenIds: "Innbygger-id-er, én per linje",
  letters: "Brev", fallback: "Reservespråk", subject: "Emne", body: "Tekst", preview: "Forhåndsvis",
  letterIn: "Brev på {lang}", noLetter: "Ikke noe brev på dette språket: reservespråket brukes.",
  channels: "Kanaler", rate: "Brev per minutt per kanal (tomt: ingen grense)", saveDraft: "Lagre utkast", saved: "Utkastet er lagret.",
  deadline: "72-timersfrist", approvedBy: "Godkjent av", left: "igjen", overdue: "overskredet med",
  dryRun: "Prøvekjøring", approve: "Godkjenn", start: "Start", pause: "Sett på pause", resume: "Fortsett", cancel: "Avbryt", report: "Rapport",
  done: "Utført: {action}.", audience: "Prøvekjøring", noDryRun: "Ikke talt ennå: kjør en prøvekjøring.", counting: "Teller de berørte innbyggerne…",
  records: "Oppføringer", unresolvedCvs: "CV-er slettet siden (registeret må avklare)",
  byRegistry: "Etter register", byLanguage: "Etter språk", byChannel: "Etter kanal", byProtectedStatus: "Etter adressesperre",
  key: "Verdi", count: "Innbyggere",
  progress: "Fremdrift", noProgress: "Ingen fremdrift ennå.", percentDone: "{percent} % levert",
  total: "Totalt", queued: "I kø", delivered: "Levert", failed: "Feilet", ratePerMinute: "Takt (brev per minutt)",
  timeLeft: "Tid igjen", completedAt: "Fullført", startedAt: "Startet", unknown: "ukjent",
  audit: "Utførte handlinger", reportTitle: "Rapport til Datatilsynet",
  downloadJson: "Last ned JSON", downloadHtml: "Last ned HTML", back: "Tilbake til kampanjen",
  nature: "Avvikets art", recipient: "Mottaker (virksomhet)", people: "Omtrentlig antall personer",
  notCounted: "ikke talt ennå", window: "Periode for avviket", reportedAt: "Rapportert", deadlineMet: "Frist overholdt",
  yes: "ja", no: "nei", loading: "Laster …",
};

const da: Record<Key, string> = {
  signInNone: "Login er ikke sat op: hubben mangler Console__ClientId (konsollens appregistrering).",
  suspendedUser: "Spærret bruger", ruleDetail: "Hvad hubben så", receivedCvs: "Modtagne CV'er", receivedReads: "Opslag", show: "Vis",
  incidentOf: "Hændelse: {party}", readsPerHour: "Opslag pr. time (UTC)", baselinePerHour: "Normalt niveau pr. time (basislinje)",
  limitPerHour: "Grænse pr. time", noBaseline: "Ingen basislinje: for lidt historik før hændelsen",
  noHourLimit: "Ingen timegrænse for denne konto", hoursWithReads: "Timer med opslag", hour: "Time (UTC)",
  cvsByRegistry: "Modtagne CV'er efter register", startedBy: "Startet af",
  noActions: "Der kan ikke gøres mere med denne kampagne; rapporten er stadig tilgængelig.", theHub: "hubben",
  skip: "Gå til indholdet", title: "Databeskyttelseskonsol", language: "Sprog", signIn: "Log ind", signOut: "Log ud",
  signInEntra: "Log ind med Microsoft", tokenLabel: "Adgangstoken",
  tokenHint: "Lokalt: indsæt output fra ./hub token --role Breach.Manage --client dev-privacy --user DIT-ID",
  signedInAs: "Logget ind som", tokenRequired: "Indsæt et token først.",
  incidents: "Hændelser", campaigns: "Kampagner", newCampaign: "Ny kampagne",
  incidentsCaption: "Konti spærret for høstning", campaignsCaption: "Underretningskampagner ved brud",
  party: "Konto", rule: "Regel", detected: "Opdaget", state: "Status", actions: "Handlinger",
  noIncidents: "Ingen hændelser.", noCampaigns: "Ingen kampagner.", campaignTitle: "Titel", campaignId: "Kampagne-id", citizens: "Borgere",
  draftFromIncident: "Lav kampagneudkast", open: "Åbn",
  fromIncident: "Udkast fra hændelse {id}: {party} modtog {cvs} CV'er ({records} opslag) mellem {from} og {to}.",
  description: "Bruddets karakter", detectedAt: "Opdaget (UTC)", windowFrom: "Periode fra (UTC)", windowTo: "Periode til (UTC)",
  dataCategories: "Kategorier af personoplysninger", consequences: "Sandsynlige konsekvenser", measures: "Trufne foranstaltninger",
  selector: "Hvem er berørt", kindAccessLog: "Hvad en konto modtog (adgangsloggen)",
  kindExposure: "CV'er vist til arbejdsgivere mens et forhold gjaldt", kindCitizens: "En liste med borger-id'er",
  registry: "Register", fact: "Forhold", anyExposure: "al eksponering", citizenIds: "Borger-id'er, ét pr. linje",
  letters: "Breve", fallback: "Reservesprog", subject: "Emne", body: "Tekst", preview: "Vis eksempel",
  letterIn: "Brev på {lang}", noLetter: "Intet brev på dette sprog: reservesproget bruges.",
  channels: "Kanaler", rate: "Breve pr. minut pr. kanal (tom: ingen grænse)", saveDraft: "Gem udkast", saved: "Udkastet er gemt.",
  deadline: "72-timersfrist", approvedBy: "Godkendt af", left: "tilbage", overdue: "overskredet med",
  dryRun: "Prøvekørsel", approve: "Godkend", start: "Start", pause: "Sæt på pause", resume: "Genoptag", cancel: "Annullér", report: "Rapport",
  done: "Udført: {action}.", audience: "Prøvekørsel", noDryRun: "Ikke optalt endnu: lav en prøvekørsel.", counting: "Tæller de berørte borgere…",
  records: "Poster", unresolvedCvs: "CV'er slettet siden (registeret skal afklare)",
  byRegistry: "Efter register", byLanguage: "Efter sprog", byChannel: "Efter kanal", byProtectedStatus: "Efter beskyttet adresse",
  key: "Værdi", count: "Borgere",
  progress: "Fremdrift", noProgress: "Ingen fremdrift endnu.", percentDone: "{percent} % leveret",
  total: "I alt", queued: "I kø", delivered: "Leveret", failed: "Fejlet", ratePerMinute: "Takt (breve pr. minut)",
  timeLeft: "Tid tilbage", completedAt: "Afsluttet", startedAt: "Startet", unknown: "ukendt",
  audit: "Udførte handlinger", reportTitle: "Anmeldelse til Datatilsynet",
  downloadJson: "Hent JSON", downloadHtml: "Hent HTML", back: "Tilbage til kampagnen",
  nature: "Bruddets karakter", recipient: "Modtager (organisation)", people: "Omtrentligt antal personer",
  notCounted: "ikke optalt endnu", window: "Bruddets periode", reportedAt: "Anmeldt", deadlineMet: "Frist overholdt",
  yes: "ja", no: "nej", loading: "Indlæser …",
};

const nl: Record<Key, string> = {
  signInNone: "Inloggen is niet ingesteld: de hub heeft Console__ClientId nodig (de app-registratie van de console).",
  suspendedUser: "Geblokkeerde gebruiker", ruleDetail: "Wat de hub zag", receivedCvs: "Ontvangen cv's", receivedReads: "Keer bekeken", show: "Bekijken",
  incidentOf: "Incident: {party}", readsPerHour: "Keer bekeken per uur (UTC)", baselinePerHour: "Gebruikelijk tempo per uur (basislijn)",
  limitPerHour: "Limiet per uur", noBaseline: "Geen basislijn: te weinig geschiedenis vóór het incident",
  noHourLimit: "Geen uurlimiet voor dit account", hoursWithReads: "Uren waarin cv's werden bekeken", hour: "Uur (UTC)",
  cvsByRegistry: "Ontvangen cv's per register", startedBy: "Gestart door",
  noActions: "Met deze campagne kan niets meer worden gedaan; het rapport blijft beschikbaar.", theHub: "de hub",
  skip: "Naar de inhoud", title: "Privacyconsole", language: "Taal", signIn: "Inloggen", signOut: "Uitloggen",
  signInEntra: "Inloggen met Microsoft", tokenLabel: "Toegangstoken",
  tokenHint: "Lokaal: plak de uitvoer van ./hub token --role Breach.Manage --client dev-privacy --user UW-ID",
  signedInAs: "Ingelogd als", tokenRequired: "Plak eerst een token.",
  incidents: "Incidenten", campaigns: "Campagnes", newCampaign: "Nieuwe campagne",
  incidentsCaption: "Accounts geblokkeerd wegens massaal downloaden", campaignsCaption: "Meldingscampagnes bij datalekken",
  party: "Account", rule: "Regel", detected: "Ontdekt", state: "Status", actions: "Acties",
  noIncidents: "Geen incidenten.", noCampaigns: "Geen campagnes.", campaignTitle: "Titel", campaignId: "Campagne-id", citizens: "Burgers",
  draftFromIncident: "Campagne opstellen", open: "Openen",
  fromIncident: "Opgesteld uit incident {id}: {party} ontving {cvs} cv's ({records} keer bekeken) tussen {from} en {to}.",
  description: "Aard van het datalek", detectedAt: "Ontdekt op (UTC)", windowFrom: "Periode van (UTC)", windowTo: "Periode tot (UTC)",
  dataCategories: "Categorieën persoonsgegevens", consequences: "Waarschijnlijke gevolgen", measures: "Genomen maatregelen",
  selector: "Wie zijn getroffen", kindAccessLog: "Wat een account ontving (toegangslog)",
  kindExposure: "Cv's getoond aan werkgevers terwijl een feit gold", kindCitizens: "Een lijst met burger-id's",
  registry: "Register", fact: "Feit", anyExposure: "elke blootstelling", citizenIds: "Burger-id's, één per regel",
  letters: "Brieven", fallback: "Terugvaltaal", subject: "Onderwerp", body: "Tekst", preview: "Voorbeeld",
  letterIn: "Brief in het {lang}", noLetter: "Geen brief in deze taal: de terugvaltaal wordt gebruikt.",
  channels: "Kanalen", rate: "Brieven per minuut per kanaal (leeg: geen limiet)", saveDraft: "Concept opslaan", saved: "Concept opgeslagen.",
  deadline: "Termijn van 72 uur", approvedBy: "Goedgekeurd door", left: "resterend", overdue: "verstreken met",
  dryRun: "Proefrun", approve: "Goedkeuren", start: "Starten", pause: "Pauzeren", resume: "Hervatten", cancel: "Annuleren", report: "Rapport",
  done: "Uitgevoerd: {action}.", audience: "Proefrun", noDryRun: "Nog niet geteld: voer een proefrun uit.", counting: "De getroffen burgers worden geteld…",
  records: "Registraties", unresolvedCvs: "Cv's sindsdien verwijderd (door het register op te lossen)",
  byRegistry: "Per register", byLanguage: "Per taal", byChannel: "Per kanaal", byProtectedStatus: "Per afgeschermd adres",
  key: "Waarde", count: "Burgers",
  progress: "Voortgang", noProgress: "Nog geen voortgang.", percentDone: "{percent} % bezorgd",
  total: "Totaal", queued: "In de wachtrij", delivered: "Bezorgd", failed: "Mislukt", ratePerMinute: "Tempo (brieven per minuut)",
  timeLeft: "Resterende tijd", completedAt: "Voltooid", startedAt: "Gestart", unknown: "onbekend",
  audit: "Uitgevoerde acties", reportTitle: "Melding aan de Autoriteit Persoonsgegevens",
  downloadJson: "JSON downloaden", downloadHtml: "HTML downloaden", back: "Terug naar de campagne",
  nature: "Aard van het datalek", recipient: "Ontvanger (organisatie)", people: "Geschat aantal personen",
  notCounted: "nog niet geteld", window: "Periode van het datalek", reportedAt: "Gemeld", deadlineMet: "Termijn gehaald",
  yes: "ja", no: "nee", loading: "Laden…",
};

const texts: Record<Lang, Record<Key, string>> = { en, nb, da, nl };

export const languageNames: Record<string, Record<Lang, string>> = {
  nb: { nb: "bokmål", da: "norsk bokmål", nl: "Noors (bokmål)", en: "Norwegian Bokmål" },
  nn: { nb: "nynorsk", da: "nynorsk", nl: "Noors (nynorsk)", en: "Norwegian Nynorsk" },
  da: { nb: "dansk", da: "dansk", nl: "Deens", en: "Danish" },
  nl: { nb: "nederlandsk", da: "nederlandsk", nl: "Nederlands", en: "Dutch" },
  en: { nb: "engelsk", da: "engelsk", nl: "Engels", en: "English" },
};

let current: Lang = "en";

export function setLanguage(lang: string): Lang {
  current = (languages as string[]).includes(lang) ? (lang as Lang) : "en";
  document.documentElement.lang = current;
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n as Key);
  }
  return current;
}

export function language(): Lang {
  return current;
}

/** The text for a key in the current language, with {name} placeholders filled in. */
export function t(key: Key, values: Record<string, string | number> = {}): string {
  const text = texts[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(current === "nb" ? "nb-NO" : current === "da" ? "da-DK" : current === "nl" ? "nl-NL" : "en-GB").format(value);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
}
