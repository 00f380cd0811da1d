// A real OpenID provider (the npm package oidc-provider) on loopback, for the single sign-on
// tests: one confidential client, and a sign-in form where a test says who it is (subject,
// e-mail, whether the e-mail is verified, name), as an organisation's directory would.
//
//   node provider.mjs --client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI…]
//                     [--port N]
//
// Prints its issuer URL (http://127.0.0.1:PORT) as the first line on stdout once it listens;
// exits when its standard input closes (so a test that dies does not leave it behind).
//
// The protocol (discovery, authorization, PKCE, codes, ID tokens, signatures) is all
// oidc-provider's; only the sign-in page is this file's, as it is any real deployment's.
// A sign-in page ("login" prompt) answers GET /interaction/UID with a form whose POST to
// /interaction/UID/login signs in and grants the requested scopes in one step (no separate
// consent page); POST /interaction/UID/abort answers the client with access_denied.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import Provider from "oidc-provider";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
  },
});
for (const need of ["client-id", "client-secret", "redirect-uri"]) {
  if (!args[need]) {
    console.error(`provider.mjs: --${need} is required`);
    process.exit(2);
  }
}

// Who signed in as what: filled by the sign-in form, read when tokens are made.
const accounts = new Map();

function claimsOf(sub) {
  const a = accounts.get(sub) ?? {};
  const claims = { sub };
  if (a.email) claims.email = a.email;
  // "true" or "false" as the provider asserts it; anything else (Microsoft Entra ID's case)
  // leaves the claim out.
  if (a.emailVerified === "true" || a.emailVerified === "false") {
    claims.email_verified = a.emailVerified === "true";
  }
  if (a.name) claims.name = a.name;
  return claims;
}

const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  format: "jwk",
});

const server = createServer();
server.listen(Number(args.port), "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: args["client-id"],
        client_secret: args["client-secret"],
        redirect_uris: args["redirect-uri"],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: "test-key", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    // The claims of the requested scopes go into the ID token itself (not only to the userinfo
    // endpoint), as Microsoft Entra ID does and as the server reads them.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => claimsOf(sub) };
    },
  });
  const oidc = provider.callback();

  server.on("request", async (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(req.url.split("?")[0]);
    if (!m) return oidc(req, res);
    try {
      await interaction(provider, req, res, m[2]);
    } catch (e) {
      res.statusCode = 400;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(`${e.name}: ${e.message}\n`);
    }
  });

  process.stdout.write(`${issuer}\n`);
});

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

async function interaction(provider, req, res, action) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === "GET" && !action) {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><title>Test provider: sign in</title>
<p>${escapeHtml(details.params.client_id)} asks for: ${escapeHtml(details.params.scope)}</p>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label>Subject <input name="sub" required></label>
<label>E-mail <input name="email"></label>
<label>E-mail verified (true, false, or empty for no claim) <input name="email_verified"></label>
<label>Name <input name="name"></label>
<button>Sign in</button></form>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/abort"><button>Cancel</button></form>`);
    return;
  }
  if (req.method !== "POST") throw new Error(`${req.method} ${req.url} is not answered`);
  if (action === "/abort") {
    await provider.interactionFinished(req, res, {
      error: "access_denied",
      error_description: "the person cancelled the sign-in",
    });
    return;
  }
  const form = await readForm(req);
  const sub = form.get("sub");
  if (!sub) throw new Error("the form has no subject");
  accounts.set(sub, {
    email: form.get("email") || undefined,
    emailVerified: form.get("email_verified") || undefined,
    name: form.get("name") || undefined,
  });
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: sub }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
