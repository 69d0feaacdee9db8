// Sign-in. In Development the server says "token": the page takes a dev token from ./hub token (pasted). In Azure it
// says "entra": Microsoft's @azure/msal-browser signs in (authorization code with PKCE, redirect) and gets the hub's
// access token silently. Either way the token lives in sessionStorage only and the hub validates it on every call.
// MSAL use follows its package README and docs/initialization.md, docs/login-user.md, docs/acquire-token.md
// (github.com/AzureAD/microsoft-authentication-library-for-js, lib/msal-browser).
import type { AccountInfo, PublicClientApplication } from "@azure/msal-browser";

const key = "integrationhub.console.token";

export interface AuthConfig { mode: "token" | "entra" | "none"; authority?: string; clientId?: string; scope?: string }

/** A person as a token names them: display name (the `name` claim) and object id (`oid`, shown on hover). */
export interface Person { name: string; id: string; roles: string[] }

let msal: PublicClientApplication | null = null;
let account: AccountInfo | null = null;

export function currentToken(): string | null {
  return sessionStorage.getItem(key);
}

export function setToken(token: string): void {
  sessionStorage.setItem(key, token.trim());
}

/** Display only: the hub reads the same claims from the validated token when it records an action. */
export function tokenPerson(): Person | null {
  const token = currentToken();
  if (!token) return null;
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const id = String(payload.oid ?? payload.sub ?? payload.azp ?? "");
    const name = typeof payload.name === "string" && payload.name ? payload.name : id;
    return { name, id, roles: Array.isArray(payload.roles) ? (payload.roles as string[]) : [] };
  } catch {
    return null;
  }
}

function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

async function client(config: AuthConfig): Promise<PublicClientApplication> {
  if (!msal) {
    // Loaded only in Entra mode: the bundle splits MSAL into its own file, which a Development page never fetches.
    const { BrowserCacheLocation, PublicClientApplication } = await import("@azure/msal-browser");
    msal = new PublicClientApplication({
      auth: { clientId: config.clientId!, authority: config.authority!, redirectUri: redirectUri(), postLogoutRedirectUri: redirectUri() },
      cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
    });
    await msal.initialize();
  }
  return msal;
}

/** Entra: completes a redirect sign-in if this page load is one, then gets the hub's token silently; true when signed in. */
export async function completeEntraSignIn(config: AuthConfig): Promise<boolean> {
  const app = await client(config);
  const result = await app.handleRedirectPromise();
  account = result?.account ?? app.getAllAccounts()[0] ?? null;
  if (!account) return false;
  app.setActiveAccount(account);
  try {
    const token = await app.acquireTokenSilent({ scopes: [config.scope!], account });
    setToken(token.accessToken);
    return true;
  } catch {
    // Interaction required (expired session, consent): the person signs in again.
    sessionStorage.removeItem(key);
    return false;
  }
}

export async function signInWithEntra(config: AuthConfig): Promise<void> {
  await (await client(config)).loginRedirect({ scopes: [config.scope!] });
}

export async function signOut(config: AuthConfig): Promise<void> {
  sessionStorage.removeItem(key);
  if (config.mode === "entra" && msal && account) {
    const signedOut = account;
    account = null;
    await msal.logoutRedirect({ account: signedOut });
  }
}

/** Drops the token without leaving the page (the hub answered 401). */
export function forgetToken(): void {
  sessionStorage.removeItem(key);
}
