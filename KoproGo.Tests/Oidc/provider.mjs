// A real OpenID Connect provider for the sign-in tests: node-oidc-provider (npm "oidc-provider", certified by the
// OpenID Foundation) with one client, KoproGo. Only its sign-in screens are ours: a person types who they are and
// picks the level of assurance the provider vouches for (the "acr" it puts in the ID token), then allows KoproGo.
//   node provider.mjs PORT REDIRECT_URI CLIENT_SECRET
// Prints "ready" once listening.
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, redirectUri, clientSecret] = process.argv.slice(2);
if (!port || !redirectUri || !clientSecret) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI CLIENT_SECRET');
  process.exit(2);
}

const levels = {
  low: 'urn:koprogo:test:loa:low',
  high: 'http://eidas.europa.eu/LoA/high',
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'koprogo',
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    // ASP.NET Core's handler sends the secret in the form body
    token_endpoint_auth_method: 'client_secret_post',
  }],
  acrValues: Object.values(levels),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  pkce: { required: () => true },
  cookies: { keys: ['koprogo-test-provider'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    return { accountId: id, claims: async () => ({ sub: id, email: `${id}@idp.test`, email_verified: true, name: id }) };
  },
});

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const escape = s => String(s).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET' && details.prompt.name === 'login') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    return res.end(page('Test identity provider: sign in', `
      <form method="post" action="/interaction/${uid}/login">
        <p><label for="person">Person</label> <input id="person" name="person" required></p>
        <fieldset><legend>Level of assurance</legend>
          <p><input type="radio" id="low" name="level" value="low" checked> <label for="low">Low (password)</label></p>
          <p><input type="radio" id="high" name="level" value="high"> <label for="high">High (eID card)</label></p>
        </fieldset>
        <p><button type="submit">Sign in</button></p>
      </form>
      <form method="post" action="/interaction/${uid}/cancel"><p><button type="submit">Cancel</button></p></form>`));
  }
  if (req.method === 'GET' && details.prompt.name === 'consent') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    return res.end(page('Test identity provider: allow', `
      <p>Allow ${escape(details.params.client_id)} to know who you are?</p>
      <form method="post" action="/interaction/${uid}/allow"><p><button type="submit">Allow</button></p></form>`));
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const person = (form.get('person') || '').trim();
    if (!person) throw new Error('no person');
    return provider.interactionFinished(req, res,
      { login: { accountId: person, acr: levels[form.get('level')] ?? levels.low } }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'cancel') {
    return provider.interactionFinished(req, res,
      { error: 'access_denied', error_description: 'The person cancelled.' }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'allow') {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  res.statusCode = 404;
  res.end();
}

const handle = provider.callback();
http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login|allow|cancel))?(?:\?.*)?$/.exec(req.url);
  if (!match) return handle(req, res);
  interaction(req, res, match[1], match[2]).catch(error => {
    res.statusCode = 400;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`interaction failed: ${error.message}`);
  });
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
