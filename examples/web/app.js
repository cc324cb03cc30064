// The example frontend of cloudsync-graphql: log in, list accounts and data brokers, watch a
// broker's S3 buckets or NFS exports arrive through a GraphQL subscription, run an account's
// sync relationships from a dashboard whose progress bars move live, and create a relationship
// with a wizard that browses the source and the target through a data broker group.
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

// The fields of a relationship row: the first load, the live events and the mutations ask the same.
const RELATIONSHIP_ROW = `id
  displayName
  source { protocol label }
  target { protocol label }
  activity {
    status
    runType
    progress
    startTime
    endTime
    executionTimeMs
    failureMessage
    counters {
      scanned { files }
      copied { files bytes }
      failed { files }
    }
  }`;

const DASHBOARD_RELATIONSHIPS = `query DashboardRelationships($accountId: ID!) {
  account(id: $accountId) {
    id
    relationships(first: 200) {
      totalCount
      statusCounts { status count }
      nodes { ${RELATIONSHIP_ROW} }
    }
  }
}`;

const SYNC_RELATIONSHIP = `mutation SyncRelationship($accountId: ID!, $id: ID!) {
  syncRelationship(accountId: $accountId, id: $id) {
    requestedAt
    userErrors { code message }
  }
}`;

const ABORT_RELATIONSHIP = `mutation AbortRelationship($accountId: ID!, $id: ID!) {
  abortRelationship(accountId: $accountId, id: $id) {
    relationship { ${RELATIONSHIP_ROW} }
    userErrors { code message }
  }
}`;

const RELATIONSHIP_PROGRESS = `subscription RelationshipProgress($accountId: ID!, $id: ID!, $startedAfter: DateTime) {
  relationshipProgress(accountId: $accountId, id: $id, startedAfter: $startedAfter) {
    final
    observedAt
    relationship { ${RELATIONSHIP_ROW} }
  }
}`;

const RELATIONSHIP_CHANGES = `subscription RelationshipChanges($accountId: ID!) {
  relationshipChanges(accountId: $accountId) {
    kind
    id
    relationship { ${RELATIONSHIP_ROW} }
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
  RATE_LIMITED: 'Too many listings or live views at once: wait for one to finish, then try again',
  SYNC_NOT_STARTED: 'Cloud Sync accepted the sync, but no run started in time',
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
  closeDashboard();
  closeWizard();
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
        'Choose a broker to list its S3 buckets and NFS exports, or open an account’s sync relationships.',
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
        h(
          'div',
          { className: 'account-head' },
          h('h3', {}, account.name, ' ', h('small', {}, account.id)),
          h(
            'button',
            {
              type: 'button',
              className: 'secondary',
              title: `Show the sync relationships of ${account.name}`,
              onClick: () => openDashboard(account),
            },
            'Sync relationships',
          ),
          h(
            'button',
            {
              type: 'button',
              className: 'secondary',
              title: `Create a sync relationship in ${account.name}`,
              onClick: () => openWizard(account),
            },
            'New relationship',
          ),
        ),
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

// ---- Sync relationships dashboard ----
//
// One account at a time: the list comes from one query (with statusCounts); every row that runs
// gets a relationshipProgress subscription (the gateway shares one poller per relationship and
// token, however many pages watch), and relationshipChanges keeps the other rows and the counts
// current (a run started elsewhere, a relationship added or deleted). A sync started here is
// watched with `startedAfter`, so the previous run's DONE is never taken for it.

const REL_STATUS_TEXT = {
  RUNNING: 'running',
  PENDING: 'waiting to start',
  FAILED: 'failed',
  ABORTED: 'aborted',
  DONE: 'done',
  UNKNOWN: 'unknown',
};
/** The order of the count chips: what needs attention first. */
const REL_STATUS_ORDER = ['RUNNING', 'PENDING', 'FAILED', 'ABORTED', 'DONE', 'UNKNOWN'];
const isActive = (status) => status === 'RUNNING' || status === 'PENDING';

/** What a person reads for a mutation's user error; Cloud Sync's own words and the code follow. */
const USER_ERROR_TEXT = {
  SYNC_ALREADY_RUNNING:
    'Already running: Cloud Sync is syncing this relationship right now, so it did not start another run. Wait for this one to finish, or abort it first.',
  ABORT_REJECTED: 'Cloud Sync did not abort it: there may be no run to stop.',
  NOT_FOUND: 'This relationship no longer exists (was it deleted elsewhere?).',
  UPSTREAM_REJECTED: 'Cloud Sync refused the request.',
  INVALID_INPUT: 'The gateway did not accept the request.',
};

const dashboard = {
  account: null,
  /** id → { rel, row, cells…, watch: { stop, run } | null } */
  rows: new Map(),
  counts: new Map(),
  total: 0,
  stopChanges: null,
  /** Bumped on every open and close: callbacks of an older dashboard do nothing. */
  generation: 0,
};

const number = (value) => (typeof value === 'number' ? value.toLocaleString('en-US') : '0');

function bytes(value) {
  if (typeof value !== 'number' || value <= 0) return '0 B';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  return `${scaled >= 100 || unit === 0 ? Math.round(scaled) : scaled.toFixed(1)} ${units[unit]}`;
}

const seconds = (ms) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '');
const endpointText = (endpoint) => `${endpoint.protocol} ${endpoint.label}`;

function statusBadge(status) {
  return h(
    'span',
    { className: `badge rel-status ${status.toLowerCase()}` },
    REL_STATUS_TEXT[status] ?? status.toLowerCase(),
  );
}

function closeDashboard() {
  dashboard.generation += 1;
  dashboard.stopChanges?.();
  dashboard.stopChanges = null;
  for (const entry of dashboard.rows.values()) stopWatch(entry);
  dashboard.rows.clear();
  dashboard.counts.clear();
  dashboard.account = null;
  $('rel-panel').hidden = true;
  $('rel-rows').replaceChildren();
  $('rel-counts').replaceChildren();
  $('rel-table').hidden = true;
  for (const button of document.querySelectorAll('.account[data-open]')) {
    delete button.dataset.open;
  }
}

async function openDashboard(account) {
  closeDashboard();
  dashboard.account = account;
  const generation = dashboard.generation;
  const card = document.querySelector(`.account[data-account-id="${CSS.escape(account.id)}"]`);
  if (card) card.dataset.open = 'true';
  $('rel-panel').hidden = false;
  $('rel-title').textContent = `Sync relationships · ${account.name}`;
  $('rel-meta').textContent = account.id;
  const state = $('rel-state');
  setState(
    state,
    'loading',
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    'Loading the relationships…',
  );
  $('rel-panel').scrollIntoView({ block: 'nearest' });
  let connection;
  try {
    const data = await graphql(DASHBOARD_RELATIONSHIPS, { accountId: account.id });
    connection = data.account?.relationships;
    if (!connection) throw new RequestError('The gateway did not find this account', 'NOT_FOUND');
  } catch (error) {
    if (generation !== dashboard.generation || handledAsAuthError(error)) return;
    setState(
      state,
      'failed',
      h('span', { className: 'error' }, `Could not load the relationships. ${explain(error)}`),
      ' ',
      h(
        'button',
        { type: 'button', className: 'secondary', onClick: () => openDashboard(account) },
        'Try again',
      ),
    );
    return;
  }
  if (generation !== dashboard.generation) return;
  dashboard.total = connection.totalCount;
  for (const { status, count } of connection.statusCounts) dashboard.counts.set(status, count);
  renderCounts();
  const shown = connection.nodes.length;
  setState(
    state,
    'ready',
    shown === 0
      ? 'This account has no sync relationships.'
      : shown < connection.totalCount
        ? `Showing ${shown} of ${connection.totalCount}.`
        : '',
  );
  $('rel-table').hidden = shown === 0;
  for (const rel of connection.nodes) addRow(rel);
  for (const entry of dashboard.rows.values()) {
    if (isActive(entry.rel.activity.status)) watchProgress(entry, null);
  }
  watchChanges(account, generation);
}

function renderCounts() {
  const chips = [
    h('li', { className: 'chip total' }, plural(dashboard.total, 'relationship', 'relationships')),
  ];
  for (const status of REL_STATUS_ORDER) {
    const count = dashboard.counts.get(status) ?? 0;
    if (count === 0) continue;
    chips.push(
      h(
        'li',
        { className: `chip ${status.toLowerCase()}`, dataset: { status } },
        `${count} ${REL_STATUS_TEXT[status]}`,
      ),
    );
  }
  $('rel-counts').replaceChildren(...chips);
}

function countStatus(status, delta) {
  dashboard.counts.set(status, Math.max(0, (dashboard.counts.get(status) ?? 0) + delta));
}

function addRow(rel) {
  const entry = { rel, watch: null, busy: false };
  entry.status = h('td', { className: 'status' });
  entry.bar = h('div', { className: 'fill' });
  entry.meter = h(
    'div',
    {
      className: 'bar',
      role: 'progressbar',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-label': `Progress of ${rel.displayName}`,
    },
    entry.bar,
  );
  entry.progressText = h('span', { className: 'bar-text' });
  entry.lastRun = h('td', { className: 'last-run' });
  entry.outcome = h('p', { className: 'outcome', role: 'status', hidden: true });
  entry.syncButton = h(
    'button',
    { type: 'button', title: 'Start a sync run now', onClick: () => syncRow(entry) },
    'Sync now',
  );
  entry.abortButton = h(
    'button',
    {
      type: 'button',
      className: 'secondary',
      title: 'Stop the run',
      onClick: () => abortRow(entry),
    },
    'Abort',
  );
  entry.row = h(
    'tr',
    { dataset: { relationshipId: rel.id } },
    h(
      'td',
      { className: 'name' },
      h('strong', {}, rel.displayName),
      h('div', { className: 'meta' }, `${endpointText(rel.source)} → ${endpointText(rel.target)}`),
      entry.outcome,
    ),
    entry.status,
    h('td', { className: 'progress' }, entry.meter, entry.progressText),
    entry.lastRun,
    h('td', { className: 'actions' }, entry.syncButton, ' ', entry.abortButton),
  );
  dashboard.rows.set(rel.id, entry);
  renderRow(entry);
  $('rel-rows').append(entry.row);
  return entry;
}

function renderRow(entry) {
  const { activity } = entry.rel;
  const status = activity.status;
  entry.row.dataset.status = status;
  entry.status.replaceChildren(statusBadge(status));
  const copied = activity.counters.copied;
  const scanned = activity.counters.scanned;
  const failed = activity.counters.failed.files ?? 0;
  let percent = typeof activity.progress === 'number' ? Math.round(activity.progress) : null;
  if (status === 'DONE' && percent === null) percent = 100;
  entry.meter.setAttribute('aria-valuenow', String(percent ?? 0));
  entry.meter.dataset.state = status.toLowerCase();
  entry.bar.style.width = `${percent ?? 0}%`;
  let text;
  if (status === 'PENDING') text = 'waiting for a data broker…';
  else if (status === 'RUNNING' && !percent && (scanned.files ?? 0) > 0)
    text = `scanning · ${number(scanned.files)} files found`;
  else if (status === 'RUNNING' && !percent) text = 'starting…';
  else
    text = `${percent ?? 0}% · ${number(copied.files)} files, ${bytes(copied.bytes)} copied${
      failed > 0 ? ` · ${number(failed)} failed` : ''
    }`;
  entry.progressText.textContent = text;
  const run = activity.runType === 'INITIAL_COPY' ? 'Initial copy' : 'Sync';
  entry.lastRun.textContent = isActive(status)
    ? activity.startTime
      ? `${run} since ${time(activity.startTime)}`
      : run
    : activity.endTime
      ? `${run} ended ${new Date(activity.endTime).toLocaleString()}`
      : 'Never ran';
  entry.abortButton.disabled = entry.busy || !isActive(status);
  entry.syncButton.disabled = entry.busy;
}

/** A new snapshot of a row: the counts follow its status. */
function updateRow(entry, rel) {
  const before = entry.rel.activity.status;
  entry.rel = rel;
  if (before !== rel.activity.status) {
    countStatus(before, -1);
    countStatus(rel.activity.status, +1);
    renderCounts();
  }
  renderRow(entry);
}

function setOutcome(entry, kind, ...children) {
  entry.outcome.dataset.kind = kind;
  entry.outcome.replaceChildren(...children);
  entry.outcome.hidden = children.length === 0;
}

function userErrorOutcome(entry, userError) {
  const text = USER_ERROR_TEXT[userError.code] ?? 'Cloud Sync did not do it.';
  setOutcome(
    entry,
    'refused',
    text,
    ' ',
    h('span', { className: 'upstream' }, `Cloud Sync said: “${userError.message}”`),
    ' ',
    h('code', { className: 'code' }, userError.code),
  );
}

function finalOutcome(entry, rel) {
  const a = rel.activity;
  const took = a.executionTimeMs ? ` in ${seconds(a.executionTimeMs)}` : '';
  const run = a.runType === 'INITIAL_COPY' ? 'Initial copy' : 'Sync';
  if (a.status === 'DONE') {
    const failed = a.counters.failed.files ?? 0;
    setOutcome(
      entry,
      'done',
      `${run} finished${took}: ${number(a.counters.copied.files)} files (${bytes(a.counters.copied.bytes)}) copied` +
        `${failed > 0 ? `, ${number(failed)} failed` : ''}.`,
    );
  } else if (a.status === 'FAILED') {
    setOutcome(
      entry,
      'failed',
      `The ${run.toLowerCase()} failed${took}: ${a.failureMessage ?? 'Cloud Sync gave no reason'}.`,
    );
  } else if (a.status === 'ABORTED') {
    setOutcome(entry, 'aborted', `The sync was aborted${took}.`);
  }
}

function stopWatch(entry) {
  const watch = entry.watch;
  entry.watch = null;
  watch?.stop();
}

/** Follows one relationship until its run ends; `startedAfter`: the run a sync of ours requested. */
function watchProgress(entry, startedAfter) {
  stopWatch(entry);
  const generation = dashboard.generation;
  const watch = { stop: () => {} };
  entry.watch = watch;
  const current = () => entry.watch === watch && generation === dashboard.generation;
  const ended = () => {
    if (entry.watch === watch) entry.watch = null;
  };
  const fail = (error) => {
    ended();
    if (handledAsAuthError(error)) return;
    setOutcome(entry, 'failed', `Live progress stopped. ${explain(error)}`);
  };
  watch.stop = wsClient().subscribe(
    {
      query: RELATIONSHIP_PROGRESS,
      variables: { accountId: dashboard.account.id, id: entry.rel.id, startedAfter },
    },
    {
      next: (result) => {
        if (!current()) return;
        if (result.errors?.length) return fail(fromGraphQLErrors(result.errors));
        const event = result.data?.relationshipProgress;
        if (!event) return;
        updateRow(entry, event.relationship);
        if (startedAfter && event.relationship.activity.status === 'RUNNING') {
          setOutcome(
            entry,
            'running',
            `Sync running since ${time(event.relationship.activity.startTime)}.`,
          );
        }
        if (event.final) {
          ended();
          finalOutcome(entry, event.relationship);
        }
      },
      error: (error) => {
        if (current()) fail(fromSubscriptionError(error));
      },
      complete: () => {
        if (current()) ended();
      },
    },
  );
}

/** Rows added, removed, or changed elsewhere (a run started from Cloud Sync's own console). */
function watchChanges(account, generation) {
  const current = () => generation === dashboard.generation;
  dashboard.stopChanges = wsClient().subscribe(
    { query: RELATIONSHIP_CHANGES, variables: { accountId: account.id } },
    {
      next: (result) => {
        if (!current()) return;
        const change = result.data?.relationshipChanges;
        if (!change) return;
        const entry = dashboard.rows.get(change.id);
        if (change.kind === 'REMOVED') {
          if (!entry) return;
          stopWatch(entry);
          entry.row.remove();
          dashboard.rows.delete(change.id);
          dashboard.total -= 1;
          countStatus(entry.rel.activity.status, -1);
          renderCounts();
          return;
        }
        const rel = change.relationship;
        if (!rel) return;
        if (!entry) {
          dashboard.total += 1;
          countStatus(rel.activity.status, +1);
          renderCounts();
          $('rel-table').hidden = false;
          const added = addRow(rel);
          if (isActive(rel.activity.status)) watchProgress(added, null);
          return;
        }
        // A row with its own progress stream is kept by that stream (it is the fresher one).
        if (entry.watch) return;
        updateRow(entry, rel);
        if (isActive(rel.activity.status)) watchProgress(entry, null);
      },
      // The dashboard still works without it (the rows that run are watched on their own): a note.
      error: (error) => {
        if (!current()) return;
        const failure = fromSubscriptionError(error);
        if (handledAsAuthError(failure)) return;
        setState(
          $('rel-state'),
          'stale',
          `Changes made elsewhere no longer show up live. ${explain(failure)}`,
        );
      },
      complete: () => {},
    },
  );
}

async function syncRow(entry) {
  if (!dashboard.account || entry.busy) return;
  const generation = dashboard.generation;
  entry.busy = true;
  entry.syncButton.textContent = 'Starting…';
  renderRow(entry);
  setOutcome(entry, 'pending', 'Asking Cloud Sync to start a sync…');
  try {
    const data = await graphql(SYNC_RELATIONSHIP, {
      accountId: dashboard.account.id,
      id: entry.rel.id,
    });
    if (generation !== dashboard.generation) return;
    const payload = data.syncRelationship;
    if (payload.userErrors.length > 0) {
      userErrorOutcome(entry, payload.userErrors[0]);
    } else {
      setOutcome(
        entry,
        'pending',
        `Sync requested at ${time(payload.requestedAt)}; waiting for it to start…`,
      );
      watchProgress(entry, payload.requestedAt);
    }
  } catch (error) {
    if (generation !== dashboard.generation || handledAsAuthError(error)) return;
    setOutcome(entry, 'failed', `Could not start the sync. ${explain(error)}`);
  } finally {
    entry.busy = false;
    entry.syncButton.textContent = 'Sync now';
    if (generation === dashboard.generation) renderRow(entry);
  }
}

async function abortRow(entry) {
  if (!dashboard.account || entry.busy) return;
  const generation = dashboard.generation;
  entry.busy = true;
  entry.abortButton.textContent = 'Aborting…';
  renderRow(entry);
  setOutcome(entry, 'pending', 'Asking Cloud Sync to stop the run…');
  try {
    const data = await graphql(ABORT_RELATIONSHIP, {
      accountId: dashboard.account.id,
      id: entry.rel.id,
    });
    if (generation !== dashboard.generation) return;
    const payload = data.abortRelationship;
    if (payload.userErrors.length > 0) {
      userErrorOutcome(entry, payload.userErrors[0]);
    } else if (!entry.watch && payload.relationship) {
      updateRow(entry, payload.relationship);
      finalOutcome(entry, payload.relationship);
    } else if (entry.watch && isActive(entry.rel.activity.status)) {
      // The progress stream ends with the ABORTED run and says so.
      setOutcome(entry, 'pending', 'Abort requested; waiting for the run to stop…');
    }
  } catch (error) {
    if (generation !== dashboard.generation || handledAsAuthError(error)) return;
    setOutcome(entry, 'failed', `Could not abort the run. ${explain(error)}`);
  } finally {
    entry.busy = false;
    entry.abortButton.textContent = 'Abort';
    if (generation === dashboard.generation) renderRow(entry);
  }
}

// ---- The "create a relationship" wizard ----
//
// Group → source → target → create. Each side is one storage kind (a row of KINDS): its form, the
// two group listings that browse it (the top level — exports, shares, buckets, containers — then
// folders below one of them, through the `groupListing` subscription), and the EndpointInput member
// it becomes. Browsing fills the form's location fields; the form is what is sent. Secrets
// (passwords, keys, connection strings) are password fields, read when a request is made and
// sent only inside its variables; nothing keeps them after the relationship is created.

const GROUPS = `query Groups($accountId: ID!) {
  account(id: $accountId) {
    id
    dataBrokerGroups {
      id
      name
      dataBrokers { id name status }
    }
  }
}`;

const GROUP_LISTING = `subscription GroupListing($accountId: ID!, $groupId: ID!, $request: GroupListingRequest!) {
  groupListing(accountId: $accountId, groupId: $groupId, request: $request) {
    status
    operation
    requestedAt
    completedAt
    error { code message }
    items {
      __typename
      name
      ... on NfsExport { path }
      ... on NfsFolder { path }
      ... on StorageFolder { path }
      ... on StorageContainer { region { name } }
      ... on S3Bucket { region { name } }
    }
  }
}`;

const CREATE_RELATIONSHIP = `mutation CreateRelationship($accountId: ID!, $input: CreateRelationshipInput!) {
  createRelationship(accountId: $accountId, input: $input) {
    relationship { ${RELATIONSHIP_ROW} }
    userErrors { code message field }
  }
}`;

const NFS_VERSIONS = [
  ['', 'as the broker chooses'],
  ['V3', '3'],
  ['V4_0', '4.0'],
  ['V4_1', '4.1'],
  ['V4_2', '4.2'],
];
const CIFS_VERSIONS = [
  ['', 'as the broker chooses'],
  ['V2_1', '2.1'],
  ['V3_0', '3.0'],
  ['V3_11', '3.11'],
];

/** A folder path below a root ("a/b"), never with leading or trailing slashes. */
const trimPath = (path) => (path ?? '').split('/').filter(Boolean).join('/');
const parentPath = (path) => trimPath(path).split('/').slice(0, -1).join('/');
const joined = (root, path) => (path ? `${root}/${path}` : root);
const optional = (value) => (value === '' || value === undefined ? undefined : value);

/**
 * The storage kinds of the wizard. `fields` name paths into the EndpointInput member
 * ("credentials.password"); `root` is the field a top-level item fills, `folder` the one a folder
 * fills. `roots`/`folders` build the GroupListingRequest; `where` names the storage in sentences.
 */
const KINDS = {
  nfs: {
    label: 'NFS export',
    fields: [
      { name: 'host', label: 'NFS server', placeholder: '10.0.0.5', required: true },
      { name: 'version', label: 'NFS version', options: NFS_VERSIONS },
      { name: 'export', label: 'Export', placeholder: '/vol1', required: true },
      { name: 'path', label: 'Folder', placeholder: 'projects (empty: the whole export)' },
    ],
    root: 'export',
    folder: 'path',
    what: 'exports',
    connection: ['host'],
    where: (v) => `the NFS server ${v.host}`,
    roots: (v) => ({ nfsExports: { host: v.host } }),
    rootValue: (item) => item.path ?? item.name,
    folders: (v) => ({
      nfsExportFolders: {
        host: v.host,
        exportName: v.export,
        path: optional(v.path),
        version: optional(v.version),
      },
    }),
    address: (v) => `nfs://${v.host}:${joined(v.export, v.path)}`,
  },
  cifs: {
    label: 'SMB / CIFS share',
    fields: [
      { name: 'host', label: 'SMB server', placeholder: 'fs01.corp.example', required: true },
      { name: 'version', label: 'SMB version', options: CIFS_VERSIONS },
      { name: 'credentials.domain', label: 'Domain', placeholder: 'CORP (optional)' },
      { name: 'credentials.username', label: 'User name', required: true, autocomplete: 'off' },
      { name: 'credentials.password', label: 'Password', secret: true, required: true },
      { name: 'share', label: 'Share', placeholder: 'finance', required: true },
      { name: 'path', label: 'Folder', placeholder: 'q3 (empty: the whole share)' },
    ],
    root: 'share',
    folder: 'path',
    what: 'shares',
    connection: ['host', 'credentials.username', 'credentials.password'],
    where: (v) => v.host,
    credentialWords: 'user name, password and domain',
    roots: (v) => ({
      cifsShares: { host: v.host, version: optional(v.version), credentials: v.credentials },
    }),
    rootValue: (item) => item.name,
    folders: (v) => ({
      cifsShareFolders: {
        host: v.host,
        share: v.share,
        path: optional(v.path),
        version: optional(v.version),
        credentials: v.credentials,
      },
    }),
    address: (v) => `smb://${v.host}/${joined(v.share, v.path)}`,
  },
  s3: {
    label: 'Amazon S3 bucket',
    fields: [
      { name: 'bucket', label: 'Bucket', required: true },
      { name: 'prefix', label: 'Folder (prefix)', placeholder: 'empty: the whole bucket' },
      { name: 'region', label: 'Region', placeholder: 'filled in when you pick a bucket' },
    ],
    root: 'bucket',
    folder: 'prefix',
    what: 'buckets',
    connection: [],
    where: () => 'Amazon S3',
    roots: () => ({ s3Buckets: true }),
    rootValue: (item) => item.name,
    rootExtra: (item) => (item.region?.name ? { region: item.region.name } : {}),
    folders: (v) => ({ s3BucketFolders: { bucket: v.bucket, prefix: optional(v.prefix) } }),
    address: (v) => `s3://${joined(v.bucket, v.prefix)}`,
  },
  azureBlob: {
    label: 'Azure Blob container',
    fields: [
      {
        name: 'storageAccountName',
        label: 'Storage account',
        placeholder: 'contosodata',
        required: true,
      },
      {
        name: 'credentials.connectionString',
        label: 'Connection string',
        secret: true,
        required: true,
      },
      { name: 'container', label: 'Container', required: true },
      { name: 'prefix', label: 'Folder (prefix)', placeholder: 'empty: the whole container' },
    ],
    root: 'container',
    folder: 'prefix',
    what: 'containers',
    connection: ['storageAccountName', 'credentials.connectionString'],
    where: (v) => `the storage account ${v.storageAccountName}`,
    credentialWords: 'connection string',
    roots: (v) => ({
      azureBlobContainers: {
        storageAccountName: v.storageAccountName,
        credentials: v.credentials,
      },
    }),
    rootValue: (item) => item.name,
    folders: (v) => ({
      azureBlobContainerFolders: {
        storageAccountName: v.storageAccountName,
        container: v.container,
        prefix: optional(v.prefix),
        credentials: v.credentials,
      },
    }),
    address: (v) => `azure://${v.storageAccountName}/${joined(v.container, v.prefix)}`,
  },
  sgws: {
    label: 'StorageGRID bucket',
    fields: [
      { name: 'host', label: 'StorageGRID host', placeholder: 's3.datafabric.lan', required: true },
      { name: 'port', label: 'Port', type: 'number', placeholder: '8082', required: true },
      { name: 'credentials.accessKey', label: 'Access key', secret: true, required: true },
      { name: 'credentials.secretKey', label: 'Secret key', secret: true, required: true },
      { name: 'bucket', label: 'Bucket', required: true },
      { name: 'prefix', label: 'Folder (prefix)', placeholder: 'empty: the whole bucket' },
    ],
    root: 'bucket',
    folder: 'prefix',
    what: 'buckets',
    connection: ['host', 'port', 'credentials.accessKey', 'credentials.secretKey'],
    where: (v) => `${v.host}:${v.port}`,
    credentialWords: 'access key and secret key',
    roots: (v) => ({ sgwsBuckets: { host: v.host, port: v.port, credentials: v.credentials } }),
    rootValue: (item) => item.name,
    folders: (v) => ({
      sgwsBucketFolders: {
        host: v.host,
        port: v.port,
        bucket: v.bucket,
        prefix: optional(v.prefix),
        credentials: v.credentials,
      },
    }),
    address: (v) => `sgws://${v.host}:${v.port}/${joined(v.bucket, v.prefix)}`,
  },
  gcp: {
    label: 'Google Cloud Storage bucket',
    fields: [
      { name: 'bucket', label: 'Bucket', required: true },
      { name: 'prefix', label: 'Folder (prefix)', placeholder: 'empty: the whole bucket' },
    ],
    root: 'bucket',
    folder: 'prefix',
    what: 'buckets',
    connection: [],
    where: () => 'Google Cloud Storage',
    roots: () => ({ gcpBuckets: true }),
    rootValue: (item) => item.name,
    folders: (v) => ({ gcpBucketFolders: { bucket: v.bucket, prefix: optional(v.prefix) } }),
    address: (v) => `gs://${joined(v.bucket, v.prefix)}`,
  },
};

/** What a person reads when a listing fails, by the broker's code. */
function listingFailureText(kind, values, what, error) {
  const where = kind.where(values);
  switch (error.code) {
    case 'invalid_credentials':
      return `The data broker could not log in to ${where}: check the ${kind.credentialWords ?? 'credentials'}.`;
    case 'host_unreachable':
      return `The data broker could not reach ${where}: check the address, and that the broker's network can get to it.`;
    case 'path_not_found':
      return `That folder does not exist (any more) on ${where}.`;
    case 'bucket_not_found':
      return `${where} has no such bucket or container.`;
    case 'storage_account_not_found':
      return `The data broker found no Azure storage account named ${values.storageAccountName}.`;
    case 'LISTING_TIMEOUT':
      return `${ERROR_HINTS.LISTING_TIMEOUT}.`;
    default:
      return `The data broker could not list the ${what} of ${where}.`;
  }
}

const wizard = {
  account: null,
  groups: [],
  /** Bumped on every open and close: callbacks of an older wizard do nothing. */
  generation: 0,
  sides: {},
  busy: false,
};

/** Sets `value` at a dotted path of `target`. */
function setPath(target, path, value) {
  const names = path.split('.');
  let at = target;
  for (const name of names.slice(0, -1)) {
    at[name] ??= {};
    at = at[name];
  }
  at[names[names.length - 1]] = value;
}

function sideElement(name) {
  return $(name === 'source' ? 'wizard-source' : 'wizard-target');
}

function fieldInput(side, name) {
  return sideElement(side.name).querySelector(`[data-field="${CSS.escape(name)}"]`);
}

/** The form of one side as the nested member input (empty fields left out). Reads secrets too. */
function sideValues(side) {
  const kind = KINDS[side.kind];
  const values = {};
  for (const field of kind.fields) {
    const input = fieldInput(side, field.name);
    const raw = field.secret ? input.value : input.value.trim();
    if (raw === '') continue;
    setPath(values, field.name, field.type === 'number' ? Number(raw) : raw);
  }
  return values;
}

function setField(side, name, value) {
  const input = fieldInput(side, name);
  if (input) input.value = value;
}

function showFieldError(container, name, message) {
  const error = container.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  const input = container.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!error) return false;
  error.textContent = message;
  error.hidden = false;
  input?.setAttribute('aria-invalid', 'true');
  return true;
}

function clearFieldErrors(container) {
  for (const error of container.querySelectorAll('[data-error-for]')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const input of container.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
}

/** Required fields (of the connection only, or of the whole form) that are empty: marked, and named. */
function missingFields(side, names) {
  const kind = KINDS[side.kind];
  const missing = [];
  for (const field of kind.fields) {
    if (!field.required || (names && !names.includes(field.name))) continue;
    const input = fieldInput(side, field.name);
    if (input.value.trim() === '') {
      showFieldError(sideElement(side.name), field.name, `${field.label} is needed.`);
      missing.push(field.label);
    }
  }
  return missing;
}

function stopBrowse(side) {
  const stop = side.stop;
  side.stop = null;
  side.run += 1;
  stop?.();
}

function renderSummary(side) {
  const kind = KINDS[side.kind];
  const values = sideValues(side);
  const ready = kind.fields.every(
    (field) => !field.required || fieldInput(side, field.name).value.trim(),
  );
  side.summary.textContent = ready ? `Chosen: ${kind.address(values)}` : 'Nothing chosen yet.';
  side.up.disabled = !values[kind.root];
  renderWizardSummary();
}

function renderWizardSummary() {
  const source = wizard.sides.source;
  const target = wizard.sides.target;
  // The source is drawn first: until the target's form exists, there is nothing to sum up.
  if (!source?.summary || !target?.summary) return;
  const text = (side) => {
    const kind = KINDS[side.kind];
    const values = sideValues(side);
    return values[kind.root] ? kind.address(values) : `(${kind.label}: not chosen yet)`;
  };
  $('wizard-summary').textContent = `${text(source)} → ${text(target)}`;
}

/** Builds the form of one side for its kind; browsing starts over. */
function renderSide(side) {
  stopBrowse(side);
  const kind = KINDS[side.kind];
  const element = sideElement(side.name);
  const id = (name) => `wizard-${side.name}-${name.replace('.', '-')}`;
  const fields = kind.fields.map((field) => {
    const props = {
      id: id(field.name),
      name: `${side.name}.${field.name}`,
      dataset: { field: field.name },
      placeholder: field.placeholder,
      required: field.required,
      spellcheck: 'false',
      autocomplete: field.secret ? 'new-password' : (field.autocomplete ?? 'off'),
      onInput: () => {
        clearFieldErrors(element);
        renderSummary(side);
      },
    };
    const control = field.options
      ? h(
          'select',
          { ...props, onChange: props.onInput, onInput: undefined },
          field.options.map(([value, text]) => h('option', { value }, text)),
        )
      : h('input', {
          ...props,
          type: field.secret ? 'password' : field.type === 'number' ? 'number' : 'text',
        });
    return h(
      'div',
      { className: 'field' },
      h(
        'label',
        { for: id(field.name) },
        field.label,
        field.required ? '' : h('small', {}, ' (optional)'),
      ),
      control,
      h('p', {
        className: 'field-error',
        dataset: { errorFor: field.name },
        role: 'alert',
        hidden: true,
      }),
    );
  });
  side.state = h('div', { className: 'state', role: 'status', 'aria-live': 'polite' });
  side.items = h('ul', { className: 'items browse-items' });
  side.summary = h('p', { className: 'chosen' });
  side.browse = h(
    'button',
    { type: 'button', className: 'secondary', onClick: () => browseRoots(side) },
    `Browse ${kind.what}`,
  );
  side.up = h(
    'button',
    { type: 'button', className: 'secondary', onClick: () => browseUp(side) },
    'Up one level',
  );
  const kindSelect = h(
    'select',
    {
      id: id('kind'),
      name: `${side.name}.kind`,
      dataset: { kind: 'true' },
      onChange: (event) => {
        side.kind = event.currentTarget.value;
        renderSide(side);
      },
    },
    Object.entries(KINDS).map(([value, kind]) =>
      h('option', { value, selected: value === side.kind }, kind.label),
    ),
  );
  element.replaceChildren(
    element.querySelector('legend'),
    h(
      'div',
      { className: 'field' },
      h('label', { for: id('kind') }, 'Kind of storage'),
      kindSelect,
    ),
    h('div', { className: 'fields' }, fields),
    h('div', { className: 'browse' }, side.browse, ' ', side.up, side.state, side.items),
    side.summary,
  );
  renderSummary(side);
}

/** Lists the top level (exports, shares, buckets…) of the side's storage. */
function browseRoots(side) {
  const kind = KINDS[side.kind];
  clearFieldErrors(sideElement(side.name));
  const missing = missingFields(side, kind.connection);
  if (missing.length > 0) {
    setState(
      side.state,
      'failed',
      h('p', { className: 'error' }, `Fill in ${missing.join(', ')} first.`),
    );
    return;
  }
  const values = sideValues(side);
  runBrowse(side, kind.roots(values), kind.what, kind.where(values), (item) =>
    h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          className: 'link',
          dataset: { browse: kind.rootValue(item) },
          onClick: () => {
            setField(side, kind.root, kind.rootValue(item));
            setField(side, kind.folder, '');
            for (const [name, value] of Object.entries(kind.rootExtra?.(item) ?? {})) {
              setField(side, name, value);
            }
            renderSummary(side);
            browseFolders(side);
          },
        },
        kind.rootValue(item),
      ),
      item.region?.name ? h('span', { className: 'region' }, item.region.name) : null,
    ),
  );
}

/** Lists the folders below the chosen root and folder. */
function browseFolders(side) {
  const kind = KINDS[side.kind];
  clearFieldErrors(sideElement(side.name));
  const missing = missingFields(side, [...kind.connection, kind.root]);
  if (missing.length > 0) {
    setState(
      side.state,
      'failed',
      h('p', { className: 'error' }, `Fill in ${missing.join(', ')} first.`),
    );
    return;
  }
  const values = sideValues(side);
  const here = joined(values[kind.root], trimPath(values[kind.folder]));
  runBrowse(side, kind.folders(values), 'folders', `${here} on ${kind.where(values)}`, (item) =>
    h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          className: 'link folder',
          dataset: { browse: item.name },
          onClick: () => {
            setField(
              side,
              kind.folder,
              trimPath(item.path ?? joined(values[kind.folder] ?? '', item.name)),
            );
            renderSummary(side);
            browseFolders(side);
          },
        },
        `${item.name}/`,
      ),
    ),
  );
}

function browseUp(side) {
  const kind = KINDS[side.kind];
  const folder = trimPath(fieldInput(side, kind.folder).value);
  if (folder) {
    setField(side, kind.folder, parentPath(folder));
    renderSummary(side);
    browseFolders(side);
  } else {
    setField(side, kind.root, '');
    renderSummary(side);
    browseRoots(side);
  }
}

/** One groupListing subscription for one side: PENDING, then READY (items) or FAILED. */
function runBrowse(side, request, what, where, renderItem) {
  const groupId = $('wizard-group').value;
  if (!wizard.account || !groupId) return;
  stopBrowse(side);
  const kind = KINDS[side.kind];
  const values = sideValues(side);
  side.items.replaceChildren();
  setState(
    side.state,
    'connecting',
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    'Connecting…',
  );
  const run = side.run;
  const generation = wizard.generation;
  const current = () => side.run === run && wizard.generation === generation;
  let settled = false;
  const fail = (error) => {
    settled = true;
    side.stop = null;
    if (handledAsAuthError(error)) return;
    setState(
      side.state,
      'failed',
      h('p', { className: 'error', role: 'alert' }, `Could not browse. ${explain(error)}`),
    );
  };
  side.stop = wsClient().subscribe(
    { query: GROUP_LISTING, variables: { accountId: wizard.account.id, groupId, request } },
    {
      next: (result) => {
        if (!current()) return;
        if (result.errors?.length) return fail(fromGraphQLErrors(result.errors));
        const event = result.data?.groupListing;
        if (!event) return;
        if (event.status === 'PENDING') {
          setState(
            side.state,
            'pending',
            h('span', { className: 'spinner', 'aria-hidden': 'true' }),
            `Asking the group's data broker for the ${what} of ${where}…`,
          );
        } else if (event.status === 'READY') {
          settled = true;
          const items = event.items ?? [];
          setState(
            side.state,
            'ready',
            items.length === 0
              ? `No ${what} in ${where}.`
              : `${plural(items.length, what === 'folders' ? 'folder' : what.replace(/s$/, ''), what)} in ${where}. Click one to choose it and look inside.`,
          );
          side.items.replaceChildren(...items.map(renderItem));
        } else if (event.status === 'FAILED') {
          settled = true;
          const code = event.error?.code ?? 'unknown';
          const message = event.error?.message ?? 'no reason given';
          if (code === 'UNAUTHENTICATED' || (code !== 'LISTING_TIMEOUT' && code in ERROR_HINTS)) {
            return fail(new RequestError(message, code));
          }
          if (code === 'invalid_credentials') {
            for (const field of kind.fields) {
              if (field.secret || field.name.startsWith('credentials.')) {
                fieldInput(side, field.name)?.setAttribute('aria-invalid', 'true');
              }
            }
          }
          setState(
            side.state,
            'failed',
            h(
              'p',
              { className: 'error', role: 'alert' },
              `${listingFailureText(kind, values, what, event.error)} `,
              h('span', { className: 'upstream' }, `The broker said: “${message}”`),
              ' ',
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
        side.stop = null;
        if (!settled)
          setState(
            side.state,
            'failed',
            h('p', { className: 'error' }, 'The listing ended without an answer.'),
          );
      },
    },
  );
}

function closeWizard() {
  wizard.generation += 1;
  for (const side of Object.values(wizard.sides)) stopBrowse(side);
  wizard.sides = {};
  wizard.account = null;
  // The forms go, and with them every secret typed into them.
  $('wizard-source').replaceChildren($('wizard-source').querySelector('legend'));
  $('wizard-target').replaceChildren($('wizard-target').querySelector('legend'));
  $('wizard-form').reset();
  $('wizard-group').replaceChildren();
  clearFieldErrors($('wizard-form'));
  $('wizard-error').hidden = true;
  $('wizard-panel').hidden = true;
}

async function openWizard(account) {
  closeWizard();
  wizard.account = account;
  const generation = wizard.generation;
  $('wizard-panel').hidden = false;
  $('wizard-form').hidden = false;
  $('wizard-hint').hidden = false;
  $('wizard-close').textContent = 'Cancel';
  $('wizard-outcome').hidden = true;
  $('wizard-title').textContent = `Create a sync relationship · ${account.name}`;
  $('wizard-meta').textContent = account.id;
  wizard.sides = {
    source: { name: 'source', kind: 'nfs', stop: null, run: 0 },
    target: { name: 'target', kind: 's3', stop: null, run: 0 },
  };
  renderSide(wizard.sides.source);
  renderSide(wizard.sides.target);
  $('wizard-create').disabled = true;
  const state = $('wizard-group-state');
  setState(
    state,
    'loading',
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    'Loading the groups…',
  );
  $('wizard-panel').scrollIntoView({ block: 'nearest' });
  try {
    const data = await graphql(GROUPS, { accountId: account.id });
    if (generation !== wizard.generation) return;
    wizard.groups = data.account?.dataBrokerGroups ?? [];
  } catch (error) {
    if (generation !== wizard.generation || handledAsAuthError(error)) return;
    setState(
      state,
      'failed',
      h('span', { className: 'error' }, `Could not load the groups. ${explain(error)}`),
    );
    return;
  }
  const select = $('wizard-group');
  select.replaceChildren(
    ...wizard.groups.map((group) => {
      const online = group.dataBrokers.filter((broker) => broker.status === 'COMPLETE').length;
      return h(
        'option',
        { value: group.id },
        `${group.name} (${online} of ${plural(group.dataBrokers.length, 'data broker', 'data brokers')} online)`,
      );
    }),
  );
  if (wizard.groups.length === 0) {
    setState(
      state,
      'failed',
      h(
        'span',
        { className: 'error' },
        'This account has no data broker groups: add a data broker first.',
      ),
    );
    return;
  }
  $('wizard-create').disabled = false;
  describeGroup();
}

function describeGroup() {
  const group = wizard.groups.find((item) => item.id === $('wizard-group').value);
  const state = $('wizard-group-state');
  if (!group) return setState(state, 'idle');
  const online = group.dataBrokers.filter((broker) => broker.status === 'COMPLETE');
  const offline = group.dataBrokers.filter((broker) => broker.status !== 'COMPLETE');
  const names = (brokers) => brokers.map((broker) => broker.name).join(', ');
  setState(
    state,
    online.length > 0 ? 'ready' : 'stale',
    online.length > 0
      ? `${names(online)} ${online.length === 1 ? 'browses' : 'browse'} the storage and ${online.length === 1 ? 'runs' : 'run'} the copy` +
          (offline.length > 0 ? ` (${names(offline)}: not online).` : '.')
      : 'No data broker of this group is online: browsing will time out, and the copy will wait for one.',
  );
}

/** Shows each userError next to the field its `field` path points at; the rest above the button. */
function showUserErrors(userErrors) {
  const general = [];
  for (const error of userErrors) {
    const [root, first, member, ...rest] = error.field ?? [];
    let shown = false;
    if (root === 'input' && (first === 'source' || first === 'target')) {
      const side = wizard.sides[first];
      if (side && member === side.kind && rest.length > 0) {
        shown = showFieldError(sideElement(first), rest.join('.'), error.message);
      }
    } else if (root === 'input' && first) {
      shown = showFieldError($('wizard-form'), first, error.message);
    }
    if (!shown) general.push(error.message);
  }
  const element = $('wizard-error');
  element.textContent =
    general.length > 0
      ? `Cloud Sync did not create it: ${general.join('; ')}.`
      : 'Some fields need a change: see the notes next to them.';
  element.hidden = false;
}

async function onCreate(event) {
  event.preventDefault();
  if (!wizard.account || wizard.busy) return;
  const form = $('wizard-form');
  clearFieldErrors(form);
  $('wizard-error').hidden = true;
  $('wizard-outcome').hidden = true;
  const { source, target } = wizard.sides;
  const missing = [...missingFields(source), ...missingFields(target)];
  if (missing.length > 0) {
    $('wizard-error').textContent = 'Some fields are still empty: see the notes next to them.';
    $('wizard-error').hidden = false;
    return;
  }
  const account = wizard.account;
  const generation = wizard.generation;
  const name = $('wizard-name').value.trim();
  // Secrets are read here, straight into the variables: the query text never carries them.
  const input = {
    groupId: $('wizard-group').value,
    source: { [source.kind]: sideValues(source) },
    target: { [target.kind]: sideValues(target) },
    ...(name ? { name } : {}),
  };
  const button = $('wizard-create');
  wizard.busy = true;
  button.disabled = true;
  button.textContent = 'Creating…';
  try {
    const data = await graphql(CREATE_RELATIONSHIP, { accountId: account.id, input });
    if (generation !== wizard.generation) return;
    const payload = data.createRelationship;
    if (payload.userErrors.length > 0 || !payload.relationship) {
      showUserErrors(payload.userErrors);
      return;
    }
    const rel = payload.relationship;
    closeWizard();
    const outcome = $('wizard-outcome');
    $('wizard-panel').hidden = false;
    $('wizard-title').textContent = `Created “${rel.displayName}”`;
    $('wizard-meta').textContent = '';
    $('wizard-form').hidden = true;
    $('wizard-hint').hidden = true;
    $('wizard-close').textContent = 'Close';
    outcome.hidden = false;
    outcome.replaceChildren(
      `Cloud Sync created ${rel.source.label} → ${rel.target.label}; its initial copy shows on the dashboard below. `,
      h(
        'button',
        { type: 'button', className: 'secondary', onClick: () => openWizard(account) },
        'Create another',
      ),
    );
    await showCreated(account, rel);
  } catch (error) {
    if (generation !== wizard.generation || handledAsAuthError(error)) return;
    $('wizard-error').textContent = `Could not create the relationship. ${explain(error)}`;
    $('wizard-error').hidden = false;
  } finally {
    wizard.busy = false;
    button.disabled = false;
    button.textContent = 'Create relationship';
  }
}

/** The new relationship on the dashboard, its initial copy watched live. */
async function showCreated(account, rel) {
  if (dashboard.account?.id !== account.id) await openDashboard(account);
  if (dashboard.account?.id !== account.id) return;
  let entry = dashboard.rows.get(rel.id);
  if (!entry) {
    dashboard.total += 1;
    countStatus(rel.activity.status, +1);
    renderCounts();
    $('rel-table').hidden = false;
    entry = addRow(rel);
  }
  entry.row.classList.add('new');
  setOutcome(
    entry,
    'pending',
    'Created just now: its initial copy starts as soon as a data broker takes it.',
  );
  if (!entry.watch && isActive(entry.rel.activity.status)) watchProgress(entry, null);
  entry.row.scrollIntoView({ block: 'nearest' });
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
  $('rel-close').addEventListener('click', closeDashboard);
  $('wizard-close').addEventListener('click', closeWizard);
  $('wizard-form').addEventListener('submit', onCreate);
  $('wizard-group').addEventListener('change', describeGroup);
  $('nfs-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const host = event.currentTarget.elements.namedItem('host').value.trim();
    if (host) startListing(nfs, NFS_EXPORT_LISTING, { host });
  });
  document.body.dataset.ready = 'true';
  if (restoreSession()) showApp();
}

init();
