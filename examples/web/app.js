// The example frontend of cloudsync-graphql: log in, list accounts and data brokers, and watch a
// broker's S3 buckets or NFS exports arrive through a GraphQL subscription.
//
// Plain ES module, no bundler, no framework. Queries and the login mutation are POSTed to
// `<gateway>/graphql` (the gateway allows cross-origin requests); subscriptions use the
// graphql-transport-ws protocol through graphql-ws's own browser client. That client is not
// rewritten here: its browser build (dist/client.js plus one chunk it imports, no other
// dependencies) is served by serve.ts under /vendor/graphql-ws/ and named by the import map in
// index.html. A hand-written client would have to get keep-alive, retries and the close codes
// right as well; the real one already does.
import { createClient } from 'graphql-ws';

// ---- Operations (named, so the gateway's logs and metrics can tell them apart) ----

const LOGIN = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    accessToken
    expiresAt
  }
}`;

const ACCOUNTS_AND_BROKERS = `query AccountsAndBrokers {
  accounts {
    id
    name
    dataBrokers {
      id
      name
      type
      status
      statusMessage
      group { name }
    }
  }
}`;

const S3_BUCKET_LISTING = `subscription S3BucketListing($accountId: ID!, $dataBrokerId: ID!) {
  s3BucketListing(accountId: $accountId, dataBrokerId: $dataBrokerId) {
    status
    requestedAt
    completedAt
    error { code message }
    buckets {
      name
      region { name displayName }
      tags { key value }
    }
  }
}`;

const NFS_EXPORT_LISTING = `subscription NfsExportListing($accountId: ID!, $dataBrokerId: ID!, $host: String!) {
  nfsExportListing(accountId: $accountId, dataBrokerId: $dataBrokerId, host: $host) {
    status
    requestedAt
    completedAt
    error { code message }
    exports { path }
  }
}`;

// ---- Where the gateway is ----

const DEFAULT_GATEWAY = 'http://127.0.0.1:4000';

function gatewayFromLocation() {
  const raw = new URLSearchParams(window.location.search).get('gateway') || DEFAULT_GATEWAY;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return url.origin + url.pathname.replace(/\/+$/, '');
    }
  } catch {
    // fall through to the default
  }
  return DEFAULT_GATEWAY;
}

const GATEWAY = gatewayFromLocation();
const GRAPHQL_URL = `${GATEWAY}/graphql`;
const WS_URL = GRAPHQL_URL.replace(/^http/, 'ws');
const SESSION_KEY = `cloudsync-graphql-example:${GATEWAY}`;

// ---- Small DOM helpers (textContent only: nothing from the server is parsed as HTML) ----

const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
};

function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2).toLowerCase(), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

// ---- Errors ----

/** A failed GraphQL request, with the contract's code (extensions.code) when there is one. */
class RequestError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
  }
}

function fromGraphQLErrors(errors) {
  const first = errors[0] ?? {};
  const code = first.extensions?.code;
  const message = errors.map((error) => error.message).join('; ') || 'Unknown error';
  return new RequestError(message, typeof code === 'string' ? code : undefined);
}

// Close codes of graphql-transport-ws that mean "your token is not accepted".
const AUTH_CLOSE_CODES = new Set([4401, 4403]);
const isCloseEvent = (value) =>
  typeof value === 'object' &&
  value !== null &&
  typeof value.code === 'number' &&
  'reason' in value;

/** Whatever graphql-ws hands to `error`: GraphQL errors, a CloseEvent, or an Error. */
function fromSubscriptionError(error) {
  if (Array.isArray(error)) return fromGraphQLErrors(error);
  if (isCloseEvent(error)) {
    if (AUTH_CLOSE_CODES.has(error.code)) {
      return new RequestError('The gateway refused the token', 'UNAUTHENTICATED');
    }
    const reason = error.reason ? `: ${error.reason}` : '';
    return new RequestError(
      `Lost the connection to the gateway (close code ${error.code}${reason}). Is it still running?`,
      'CONNECTION_LOST',
    );
  }
  if (error instanceof Error) return new RequestError(error.message, 'CONNECTION_LOST');
  return new RequestError(
    `Could not open a WebSocket to ${WS_URL}. Is the gateway running?`,
    'CONNECTION_LOST',
  );
}

/** What a person reads for an error code; the gateway's own message follows it. */
const ERROR_HINTS = {
  BAD_USER_INPUT: 'The gateway did not accept the request',
  FORBIDDEN: 'This account or broker is not yours to see',
  NOT_FOUND: 'Not found',
  RATE_LIMITED: 'Too many listings at once: wait for one to finish, then try again',
  UPSTREAM_UNAVAILABLE: 'Cloud Sync did not answer the gateway; try again in a moment',
  LISTING_TIMEOUT: 'The data broker did not answer in time; it may be offline',
  INTERNAL_SERVER_ERROR: 'The gateway failed unexpectedly',
  NETWORK: 'The gateway cannot be reached',
  CONNECTION_LOST: 'The live connection to the gateway ended',
};

function explain(error) {
  const hint = ERROR_HINTS[error.code];
  return hint ? `${hint}. ${error.message}` : error.message;
}

// ---- HTTP ----

async function graphql(query, variables = {}, { authenticated = true } = {}) {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (authenticated) headers.authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new RequestError(`No answer from ${GRAPHQL_URL}. Is the gateway running?`, 'NETWORK');
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new RequestError(`The gateway answered HTTP ${response.status}, not GraphQL`, 'NETWORK');
  }
  if (body.errors?.length) throw fromGraphQLErrors(body.errors);
  if (!body.data)
    throw new RequestError(`The gateway answered HTTP ${response.status} without data`);
  return body.data;
}

// ---- Session ----

const session = { token: null, username: null, client: null };

function saveSession(token, username, expiresAt) {
  session.token = token;
  session.username = username;
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, username, expiresAt }));
}

function restoreSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    if (saved?.token && Date.parse(saved.expiresAt) > Date.now() + 60_000) {
      session.token = saved.token;
      session.username = saved.username;
      return true;
    }
  } catch {
    // a damaged entry: log in again
  }
  sessionStorage.removeItem(SESSION_KEY);
  return false;
}

/** One WebSocket per login, opened on the first subscription, closed on log-out. */
function wsClient() {
  session.client ??= createClient({
    url: WS_URL,
    connectionParams: { authorization: `Bearer ${session.token}` },
    lazy: true,
    retryAttempts: 2,
    // A refused token stays refused: go back to the login form instead of retrying.
    shouldRetry: (event) => isCloseEvent(event) && !AUTH_CLOSE_CODES.has(event.code),
  });
  return session.client;
}

/** The actions that need a broker: off until one is chosen. */
function enableBrokerActions(on) {
  for (const id of ['s3-start', 'nfs-start']) $(id).disabled = !on;
  $('nfs-form').elements.namedItem('host').disabled = !on;
}

function logOut(notice) {
  stopListing(s3);
  stopListing(nfs);
  enableBrokerActions(false);
  session.client?.dispose();
  session.client = null;
  session.token = null;
  session.username = null;
  sessionStorage.removeItem(SESSION_KEY);
  selected = null;
  $('app-view').hidden = true;
  $('session').hidden = true;
  $('broker-panel').hidden = true;
  $('accounts').replaceChildren();
  $('login-view').hidden = false;
  const noticeElement = $('login-notice');
  noticeElement.textContent = notice ?? '';
  noticeElement.hidden = !notice;
  $('login-button').disabled = false;
  $('login-form').elements.namedItem('password').focus();
}

const SESSION_ENDED = 'Your session ended (the gateway refused the token). Please log in again.';

/** true when the error was about the token, after sending the person back to the login form. */
function handledAsAuthError(error) {
  if (error.code !== 'UNAUTHENTICATED') return false;
  logOut(SESSION_ENDED);
  return true;
}

// ---- Login ----

async function onLogin(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const username = form.elements.namedItem('username').value.trim();
  const password = form.elements.namedItem('password').value;
  const errorElement = $('login-error');
  const button = $('login-button');
  errorElement.hidden = true;
  $('login-notice').hidden = true;
  if (!username || !password) {
    errorElement.textContent = 'Enter an email and a password.';
    errorElement.hidden = false;
    return;
  }
  button.disabled = true;
  button.textContent = 'Logging in…';
  try {
    const data = await graphql(LOGIN, { username, password }, { authenticated: false });
    saveSession(data.login.accessToken, username, data.login.expiresAt);
    await showApp();
  } catch (error) {
    // UNAUTHENTICATED here is the token service saying no: the message says why.
    errorElement.textContent =
      error.code === 'UNAUTHENTICATED' ? `Login refused: ${error.message}` : explain(error);
    errorElement.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = 'Log in';
  }
}

// ---- Accounts and brokers ----

let selected = null;

const STATUS_WARNING = {
  FAILED: 'is not online',
  PENDING: 'has never contacted Cloud Sync',
  UNKNOWN: 'is in a state this page does not know',
};

const STATUS_TEXT = {
  COMPLETE: 'online',
  FAILED: 'failed',
  PENDING: 'not yet connected',
  UNKNOWN: 'unknown',
};

function setState(element, state, ...children) {
  element.dataset.state = state;
  element.replaceChildren(...children);
}

async function showApp() {
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('session').hidden = false;
  $('session-user').textContent = session.username ?? '';
  await loadAccounts();
}

async function loadAccounts() {
  const state = $('accounts-state');
  setState(
    state,
    'loading',
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    'Loading accounts…',
  );
  try {
    const data = await graphql(ACCOUNTS_AND_BROKERS);
    renderAccounts(data.accounts);
    const brokers = data.accounts.reduce((sum, account) => sum + account.dataBrokers.length, 0);
    setState(
      state,
      'ready',
      `${plural(data.accounts.length, 'account', 'accounts')}, ${plural(brokers, 'data broker', 'data brokers')}. ` +
        'Choose a broker to list its S3 buckets and NFS exports.',
    );
  } catch (error) {
    if (handledAsAuthError(error)) return;
    setState(
      state,
      'failed',
      h('span', { className: 'error' }, `Could not load the accounts. ${explain(error)}`),
      ' ',
      h('button', { type: 'button', className: 'secondary', onClick: loadAccounts }, 'Try again'),
    );
  }
}

function renderAccounts(accounts) {
  const container = $('accounts');
  if (accounts.length === 0) {
    container.replaceChildren(h('p', { className: 'empty' }, 'This user sees no accounts.'));
    return;
  }
  container.replaceChildren(
    ...accounts.map((account) =>
      h(
        'section',
        { className: 'account card', dataset: { accountId: account.id } },
        h('h3', {}, account.name, ' ', h('small', {}, account.id)),
        account.dataBrokers.length === 0
          ? h('p', { className: 'empty' }, 'No data brokers in this account.')
          : h(
              'table',
              { className: 'brokers' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, 'Data broker'),
                  h('th', {}, 'Type'),
                  h('th', {}, 'Status'),
                  h('th', {}, 'Group'),
                ),
              ),
              h(
                'tbody',
                {},
                account.dataBrokers.map((broker) =>
                  h(
                    'tr',
                    { dataset: { brokerId: broker.id } },
                    h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          className: 'link',
                          title: 'Show this broker’s buckets and exports',
                          onClick: () => chooseBroker(account, broker),
                        },
                        broker.name,
                      ),
                    ),
                    h('td', {}, broker.type),
                    h(
                      'td',
                      {},
                      h(
                        'span',
                        {
                          className: `badge ${broker.status.toLowerCase()}`,
                          title: broker.statusMessage ?? undefined,
                        },
                        STATUS_TEXT[broker.status] ?? broker.status,
                      ),
                    ),
                    h('td', {}, broker.group?.name ?? '—'),
                  ),
                ),
              ),
            ),
      ),
    ),
  );
}

function chooseBroker(account, broker) {
  stopListing(s3);
  stopListing(nfs);
  selected = { account, broker };
  enableBrokerActions(true);
  for (const row of document.querySelectorAll('tr[data-broker-id]')) {
    row.classList.toggle('selected', row.dataset.brokerId === broker.id);
  }
  $('broker-panel').hidden = false;
  $('broker-title').textContent = broker.name;
  $('broker-meta').textContent = `${broker.type} data broker · ${account.name} · ${broker.id}`;
  const warning = $('broker-warning');
  warning.hidden = broker.status === 'COMPLETE';
  const why = broker.statusMessage ? ` (${broker.statusMessage})` : '';
  warning.textContent =
    broker.status === 'COMPLETE'
      ? ''
      : `This broker ${STATUS_WARNING[broker.status] ?? STATUS_WARNING.UNKNOWN}${why}: a listing will probably time out.`;
  for (const listing of [s3, nfs]) {
    setState($(listing.stateId), 'idle');
    $(listing.itemsId).replaceChildren();
    $(listing.buttonId).textContent = listing.label;
  }
}

// ---- Live listings ----

function renderBucket(bucket) {
  return h(
    'li',
    { className: 'bucket' },
    h('strong', {}, bucket.name),
    bucket.region
      ? h(
          'span',
          { className: 'region' },
          bucket.region.displayName ?? bucket.region.name,
          ` (${bucket.region.name})`,
        )
      : null,
    bucket.tags.map((tag) => h('span', { className: 'tag' }, `${tag.key}=${tag.value}`)),
  );
}

const s3 = {
  label: 'List S3 buckets',
  what: 'S3 buckets',
  stateId: 's3-state',
  itemsId: 's3-items',
  buttonId: 's3-start',
  field: 's3BucketListing',
  itemsField: 'buckets',
  render: renderBucket,
  count: (items) => plural(items.length, 'bucket', 'buckets'),
  stop: null,
  run: 0,
};

const nfs = {
  label: 'List NFS exports',
  what: 'NFS exports',
  stateId: 'nfs-state',
  itemsId: 'nfs-items',
  buttonId: 'nfs-start',
  field: 'nfsExportListing',
  itemsField: 'exports',
  render: (item) => h('li', { className: 'export' }, h('strong', {}, item.path)),
  count: (items) => plural(items.length, 'export', 'exports'),
  stop: null,
  run: 0,
};

/**
 * Stops the listing's subscription, if any. graphql-ws still calls the old sink's `complete`
 * afterwards (asynchronously), so every run has a number and a stale run's callbacks do nothing.
 */
function stopListing(listing) {
  const stop = listing.stop;
  listing.stop = null;
  listing.run += 1;
  stop?.();
}

function startListing(listing, query, extraVariables = {}) {
  if (!selected || !session.token) return;
  stopListing(listing);
  const state = $(listing.stateId);
  const items = $(listing.itemsId);
  const button = $(listing.buttonId);
  items.replaceChildren();
  button.textContent = `${listing.label} again`;
  setState(
    state,
    'connecting',
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    'Connecting…',
  );
  const variables = {
    accountId: selected.account.id,
    dataBrokerId: selected.broker.id,
    ...extraVariables,
  };
  const run = listing.run;
  const current = () => listing.run === run;
  let settled = false;
  const fail = (error) => {
    settled = true;
    listing.stop = null;
    if (handledAsAuthError(error)) return;
    setState(
      state,
      'failed',
      h(
        'p',
        { className: 'error', role: 'alert' },
        `Could not list the ${listing.what}. ${explain(error)}`,
      ),
    );
  };
  listing.stop = wsClient().subscribe(
    { query, variables },
    {
      next: (result) => {
        if (!current()) return;
        if (result.errors?.length) return fail(fromGraphQLErrors(result.errors));
        const event = result.data?.[listing.field];
        if (!event) return;
        if (event.status === 'PENDING') {
          setState(
            state,
            'pending',
            h('span', { className: 'spinner', 'aria-hidden': 'true' }),
            `Waiting for the data broker to answer… (asked at ${time(event.requestedAt)})`,
          );
        } else if (event.status === 'READY') {
          settled = true;
          const found = event[listing.itemsField] ?? [];
          const took = (Date.parse(event.completedAt) - Date.parse(event.requestedAt)) / 1000;
          setState(
            state,
            'ready',
            `${listing.count(found)} at ${time(event.completedAt)}`,
            Number.isFinite(took) ? ` (the broker took ${took.toFixed(1)} s)` : '',
          );
          items.replaceChildren(
            ...(found.length > 0
              ? found.map(listing.render)
              : [h('li', { className: 'empty' }, 'None.')]),
          );
        } else if (event.status === 'FAILED') {
          settled = true;
          const code = event.error?.code ?? 'unknown';
          const message = event.error?.message ?? 'no reason given';
          // A contract code (a refused token, a forbidden account, a shutdown…) is the gateway's
          // answer, not the broker's: shown like any other error, and a dead token leads to login.
          if (code === 'UNAUTHENTICATED' || (code !== 'LISTING_TIMEOUT' && code in ERROR_HINTS)) {
            return fail(new RequestError(message, code));
          }
          const hint =
            code === 'LISTING_TIMEOUT'
              ? ERROR_HINTS.LISTING_TIMEOUT
              : `The data broker could not list the ${listing.what}`;
          setState(
            state,
            'failed',
            h(
              'p',
              { className: 'error', role: 'alert' },
              `${hint}: ${message} `,
              h('code', { className: 'code' }, code),
            ),
          );
        }
      },
      error: (error) => {
        if (current()) fail(fromSubscriptionError(error));
      },
      complete: () => {
        if (!current()) return;
        listing.stop = null;
        if (!settled)
          setState(
            state,
            'failed',
            h('p', { className: 'error' }, 'The listing ended without an answer.'),
          );
      },
    },
  );
}

// ---- Wiring ----

function init() {
  const link = $('gateway-link');
  link.href = GRAPHQL_URL;
  link.textContent = GATEWAY;
  link.title = 'Open GraphiQL';
  $('login-form').addEventListener('submit', onLogin);
  $('logout').addEventListener('click', () => logOut('You logged out.'));
  $('s3-start').addEventListener('click', () => startListing(s3, S3_BUCKET_LISTING));
  $('nfs-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const host = event.currentTarget.elements.namedItem('host').value.trim();
    if (host) startListing(nfs, NFS_EXPORT_LISTING, { host });
  });
  document.body.dataset.ready = 'true';
  if (restoreSession()) showApp();
}

init();
