// Sign-in. Locally the page takes a dev token from ./hub token; in Azure it signs in with Entra ID (authorization
// code with PKCE, the flow MSAL.js uses for single-page apps). The token lives in sessionStorage only.
const key = "integrationhub.console.token";
const verifierKey = "integrationhub.console.pkce";

export interface AuthConfig { mode: "token" | "entra"; authority?: string; clientId?: string; scope?: string }

export function currentToken(): string | null {
  return sessionStorage.getItem(key);
}

export function setToken(token: string): void {
  sessionStorage.setItem(key, token.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(key);
}

/** Who the token says the caller is (display only: the hub validates the token on every call). */
export function tokenSubject(): string {
  const token = currentToken();
  if (!token) return "";
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const who = (payload.preferred_username ?? payload.name ?? payload.oid ?? payload.azp ?? "") as string;
    const roles = Array.isArray(payload.roles) ? ` (${(payload.roles as string[]).join(", ")})` : "";
    return who + roles;
  } catch {
    return "?";
  }
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

export async function signInWithEntra(config: AuthConfig): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(verifierKey, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    client_id: config.clientId!, response_type: "code", redirect_uri: redirectUri(), scope: `${config.scope} openid`,
    code_challenge: challenge, code_challenge_method: "S256", state, response_mode: "query",
  });
  location.assign(`${config.authority}/authorize?${query}`);
}

/** Completes an Entra sign-in when the page is the redirect target (?code=...); true when a token was obtained. */
export async function completeEntraSignIn(config: AuthConfig): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  const saved = sessionStorage.getItem(verifierKey);
  if (!code || !saved) return false;
  sessionStorage.removeItem(verifierKey);
  history.replaceState(null, "", redirectUri());
  const { verifier, state } = JSON.parse(saved) as { verifier: string; state: string };
  if (params.get("state") !== state) return false;
  const response = await fetch(`${config.authority}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: config.clientId!, grant_type: "authorization_code", code, redirect_uri: redirectUri(), code_verifier: verifier, scope: config.scope! }),
  });
  if (!response.ok) return false;
  const token = await response.json() as { access_token?: string };
  if (!token.access_token) return false;
  setToken(token.access_token);
  return true;
}
