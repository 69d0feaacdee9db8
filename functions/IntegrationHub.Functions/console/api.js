// Every action of the console is one of these HTTP calls to the hub's API; a script could make the same calls.
import { currentToken } from "./auth.js";
export class ApiError extends Error {
    status;
    problem;
    constructor(status, problem) {
        super(describe(status, problem));
        this.status = status;
        this.problem = problem;
    }
}
function describe(status, problem) {
    const type = problem.type ? problem.type.substring(problem.type.lastIndexOf("/") + 1) : "";
    const fields = (problem.errors ?? []).map(e => `${e.field}: ${e.message}`).join("; ");
    return [`${status}${type ? " " + type : ""}`, problem.title, problem.detail, fields].filter(Boolean).join(" – ");
}
async function call(method, path, body, accept = "application/json") {
    const headers = { Accept: accept };
    const token = currentToken();
    if (token)
        headers.Authorization = `Bearer ${token}`;
    if (body !== undefined)
        headers["Content-Type"] = "application/json";
    const response = await fetch(`/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    if (!response.ok) {
        let problem = {};
        try {
            problem = await response.json();
        }
        catch { /* not a problem document */ }
        throw new ApiError(response.status, problem);
    }
    return response;
}
export async function getJson(path) {
    return await (await call("GET", path)).json();
}
export async function postJson(path, body) {
    return await (await call("POST", path, body ?? undefined)).json();
}
export async function getText(path, accept) {
    return await (await call("GET", path, undefined, accept)).text();
}
