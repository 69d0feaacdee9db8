// Every action of the console is one of these HTTP calls to the hub's API; a script could make the same calls.
import { currentToken } from "./auth.js";

export interface Problem { type?: string; title?: string; status?: number; detail?: string; errors?: { field: string; rule: string; message: string }[] }

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(describe(status, problem));
  }
}

function describe(status: number, problem: Problem): string {
  const type = problem.type ? problem.type.substring(problem.type.lastIndexOf("/") + 1) : "";
  const fields = (problem.errors ?? []).map(e => `${e.field}: ${e.message}`).join("; ");
  return [`${status}${type ? " " + type : ""}`, problem.title, problem.detail, fields].filter(Boolean).join(" – ");
}

async function call(method: string, path: string, body?: unknown, accept = "application/json"): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = currentToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  if (!response.ok) {
    let problem: Problem = {};
    try { problem = await response.json() as Problem; } catch { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return await (await call("GET", path)).json() as T;
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return await (await call("POST", path, body ?? undefined)).json() as T;
}

export async function getText(path: string, accept: string): Promise<string> {
  return await (await call("GET", path, undefined, accept)).text();
}

export interface KeyCount { key: string; count: number }
export interface Incident { id: string; party: string; clientId: string; userObjectId?: string | null; userName?: string | null; rule: string; detectedAt: string; status: string }
export interface IncidentDetail {
  incident: Incident; detail?: string | null; window: { from: string; to: string }; receivedCvCount: number; receivedRecordCount: number;
  received: { registry: string; cvId: string; times: number }[];
}
export interface ReadsPerHour {
  hours: { hour: string; reads: number; cvs: number }[];
  baseline: { days: number; dailyAverage?: number | null; perHour?: number | null; factor: number };
  limits: { perHour?: number | null; dailyCeiling: number };
}
export interface Audience {
  citizens: number; records: number; unresolvedCvs: number; countedAt: string;
  byRegistry: Record<string, number>; byLanguage: Record<string, number>; byChannel: Record<string, number>; byProtectedStatus: Record<string, number>;
}
export interface Progress {
  total: number; queued: number; delivered: number; failed: number; percent: number;
  byChannel?: KeyCount[]; byLanguage?: KeyCount[]; ratePerMinute?: number;
  startedAt?: string; estimatedCompletion?: string | null; completedAt?: string | null;
}
export interface Campaign {
  id: string; title: string; description: string; status: string; detectedAt: string; window: { from: string; to: string };
  selector: { kind: string; party?: string | null; registry?: string | null; fact?: string | null; citizenCount?: number | null };
  letters: { fallback: string; languages: string[] }; approvedBy?: string | null;
  audience?: Audience | null; progress?: Progress | null; audit: AuditEntry[];
}
/** One action on a campaign: `by` is the object id (or app:/hub), `name` the person's display name from their token. */
export interface AuditEntry { action: string; by: string; name?: string | null; at: string }
export interface CampaignSummary { id: string; title: string; status: string; detectedAt: string; citizens?: number | null }
export interface LanguageText { language: string; text: string }
export interface Report {
  campaignId: string; title: string; status: string; nature: string; dataCategories: string[]; recipient?: string | null;
  approximateNumberOfPeople?: number | null; approximateNumberOfRecords?: number | null; likelyConsequences: string; measuresTaken: string;
  /** Each letter language's text, the fallback language first. */
  likelyConsequencesByLanguage: LanguageText[]; measuresTakenByLanguage: LanguageText[];
  timeline: { detectedAt: string; deadline: string; reportedAt: string; deadlineMet: boolean; windowFrom: string; windowTo: string };
}
