// The dashboard: reads the agent's details document, /metrics and the node's recent events every few
// seconds, and derives request rate, error rate and latency percentiles per deployment from two scrapes.
// Every value from the node is shown with textContent, never parsed as HTML.
'use strict';

const REFRESH_MS = 3000;
const MAX_EVENTS = 200;
const state = { previousScrape: null, events: [], cursor: 0, timer: null };

// ---- Prometheus text format ------------------------------------------------------------------

/** Samples of a text-format scrape: [{name, labels: {k: v}, value}]. */
function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
      let l;
      while ((l = re.exec(m[3])) !== null) {
        labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      }
    }
    samples.push({ name: m[1], labels, value: parseFloat(m[4]) });
  }
  return samples;
}

/** Per "application/deployment": requests, errors, latency buckets {le: count} and sum, over its replicas. */
function perDeployment(samples) {
  const out = new Map();
  const entry = (labels) => {
    const key = labels.application + '/' + labels.deployment;
    if (!out.has(key)) out.set(key, { requests: 0, errors: 0, buckets: new Map() });
    return out.get(key);
  };
  for (const s of samples) {
    if (s.name === 'ray_serve_deployment_request_counter_total') entry(s.labels).requests += s.value;
    else if (s.name === 'ray_serve_deployment_error_counter_total') entry(s.labels).errors += s.value;
    else if (s.name === 'ray_serve_deployment_processing_latency_ms_bucket') {
      const e = entry(s.labels);
      const le = s.labels.le === '+Inf' ? Infinity : parseFloat(s.labels.le);
      e.buckets.set(le, (e.buckets.get(le) || 0) + s.value);
    }
  }
  return out;
}

/** The q-quantile of cumulative buckets (Map le -> count), interpolated within a bucket as Prometheus does. */
function quantile(q, buckets) {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  if (bounds.length === 0) return NaN;
  const total = buckets.get(bounds[bounds.length - 1]);
  if (!(total > 0)) return NaN;
  const rank = q * total;
  let lowerBound = 0, lowerCount = 0;
  for (const le of bounds) {
    const count = buckets.get(le);
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      return lowerBound + (le - lowerBound) * ((rank - lowerCount) / Math.max(count - lowerCount, 1e-9));
    }
    lowerBound = le; lowerCount = count;
  }
  return lowerBound;
}

/** Rates between two scrapes taken dt seconds apart: {rps, errorsPerS, p50, p90, p99} per deployment key. */
function rates(before, after, dt) {
  const result = new Map();
  for (const [key, now] of after) {
    const then = before.get(key) || { requests: 0, errors: 0, buckets: new Map() };
    const delta = new Map();
    for (const [le, count] of now.buckets) delta.set(le, Math.max(0, count - (then.buckets.get(le) || 0)));
    result.set(key, {
      rps: Math.max(0, now.requests - then.requests) / dt,
      errorsPerS: Math.max(0, now.errors - then.errors) / dt,
      p50: quantile(0.5, delta), p90: quantile(0.9, delta), p99: quantile(0.99, delta),
    });
  }
  return result;
}

// ---- events -------------------------------------------------------------------------------------

function applicationsOf(details) {
  return (details && details.applications) || {};
}

/**
 * The node's events after the page's cursor merged into what the page shows, newest first: the node keeps
 * them (GET /api/serve/events), so what happened before the page opened is there too. A cursor lower than
 * the page's means the node restarted and numbers afresh: its list replaces the page's.
 */
function mergeEvents(shown, since, page) {
  const restarted = page.cursor < since;
  const fresh = (page.events || []).slice().reverse();
  return (restarted ? fresh : fresh.concat(shown)).slice(0, MAX_EVENTS);
}

/** Where an event happened: application / deployment / replica, as far as it names them. */
function eventPlace(e) {
  return [e.application, e.deployment, e.replica].filter(x => x).join(' / ');
}

// ---- rendering ----------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

function fixed(x, digits) {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

/** A long node id cut to its first 8 characters (the whole id is in the row's tooltip). */
function shortId(id) {
  return !id ? '–' : id.length > 12 ? id.slice(0, 8) + '…' : id;
}

function time(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '–';
}

function renderApplications(details, live) {
  const apps = Object.entries(applicationsOf(details));
  document.getElementById('no-apps').hidden = apps.length > 0;
  const container = document.getElementById('applications');
  const open = new Set([...container.querySelectorAll('details[open]')].map(d => d.dataset.key));
  container.replaceChildren(...apps.map(([name, app]) => {
    const rows = Object.entries(app.deployments || {}).map(([dname, dep]) => {
      const r = live.get(name + '/' + dname) || {};
      const replicas = dep.replicas || [];
      const running = replicas.filter(x => x.state === 'RUNNING').length;
      const list = el('div', { class: 'replicas' }, ...replicas.map(x =>
        el('div', { 'data-replica': x.replica_id, title: `node ${x.node_id || '–'}` },
          `${x.replica_id} · ${x.state} · node ${shortId(x.node_id)} · version ${x.version ?? '–'} · since ${time(x.start_time_s)}`)));
      return el('tr', { 'data-deployment': dname },
        el('td', {}, dname),
        el('td', {}, el('span', { class: 'status ' + dep.status }, dep.status),
          dep.message ? el('div', { class: 'message' }, dep.message) : ''),
        el('td', { class: 'num' }, `${running}/${dep.target_num_replicas ?? replicas.length}`),
        el('td', { class: 'num rps' }, fixed(r.rps, 1)),
        el('td', { class: 'num errors' }, fixed(r.errorsPerS, 2)),
        el('td', { class: 'num latency' }, `${fixed(r.p50, 1)} / ${fixed(r.p90, 1)} / ${fixed(r.p99, 1)}`),
        el('td', {}, list));
    });
    const config = el('details', { 'data-key': 'config:' + name }, el('summary', {}, 'Deployed config'),
      el('pre', { class: 'config' }, JSON.stringify(app.deployed_app_config ?? null, null, 2)));
    if (open.has('config:' + name)) config.open = true;
    return el('div', { class: 'app', 'data-application': name },
      el('h3', {}, `${name} `, el('span', { class: 'status ' + app.status }, app.status),
        ` · route ${app.route_prefix ?? '(none)'} · deployed ${time(app.last_deployed_time_s)}`),
      app.message ? el('div', { class: 'message' }, app.message) : '',
      el('table', {},
        el('thead', {}, el('tr', {}, ...['Deployment', 'Status', 'Replicas', 'Requests/s', 'Errors/s', 'p50 / p90 / p99 ms', 'Replica (state · node · version · start)'].map(h => el('th', {}, h)))),
        el('tbody', {}, ...rows)),
      config);
  }));
}

function renderEvents() {
  document.getElementById('events').replaceChildren(...state.events.map(e =>
    el('li', { 'data-kind': e.kind, 'data-seq': e.seq },
      el('time', { title: new Date(e.time_s * 1000).toISOString() }, new Date(e.time_s * 1000).toLocaleTimeString()),
      ' ', el('span', { class: 'kind' }, e.kind), ` ${eventPlace(e)}: ${e.message}`)));
}

// ---- the loop -----------------------------------------------------------------------------------

async function fetchText(path) {
  const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 401) throw { signIn: true };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.text();
}

async function refresh() {
  try {
    const since = state.cursor;
    const [detailsText, metricsText, eventsText] = await Promise.all([
      fetchText('/api/serve/applications/'),
      fetchText('/metrics').catch(e => { if (e && e.signIn) throw e; return ''; }),
      fetchText(`/api/serve/events?since=${since}`),
    ]);
    const details = JSON.parse(detailsText);
    const events = JSON.parse(eventsText);
    state.events = mergeEvents(state.events, since, events);
    state.cursor = events.cursor;
    const scrape = { at: Date.now(), totals: perDeployment(parseMetrics(metricsText)) };
    const live = state.previousScrape
      ? rates(state.previousScrape.totals, scrape.totals, Math.max((scrape.at - state.previousScrape.at) / 1000, 0.001))
      : new Map();
    state.previousScrape = scrape;
    show('main');
    document.getElementById('problem').hidden = true;
    const nodeId = (details.controller_info && details.controller_info.node_id) || details.node_id;
    document.getElementById('node').textContent = nodeId ? `node ${nodeId}` : '';
    document.getElementById('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    renderApplications(details, live);
    renderEvents();
  } catch (e) {
    if (e && e.signIn) { show('sign-in'); return; }
    const problem = document.getElementById('problem');
    problem.textContent = `Could not reach the node: ${e.message || e}`;
    problem.hidden = false;
  } finally {
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, REFRESH_MS);
  }
}

function show(which) {
  document.getElementById('main').hidden = which !== 'main';
  document.getElementById('sign-in').hidden = which !== 'sign-in';
  document.getElementById('sign-out').hidden = which !== 'main';
}

async function signIn(event) {
  event.preventDefault();
  const input = document.getElementById('token');
  const response = await fetch('/dashboard/session', { method: 'POST', body: input.value, credentials: 'same-origin' });
  input.value = '';
  document.getElementById('sign-in-error').textContent = response.ok ? '' : 'That is not this node\'s token.';
  if (response.ok) refresh();
}

async function signOut() {
  await fetch('/dashboard/session', { method: 'DELETE', credentials: 'same-origin' });
  state.previousScrape = null;
  state.events = [];
  state.cursor = 0;
  refresh();
}

if (typeof document !== 'undefined') {
  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('sign-in-form').addEventListener('submit', signIn);
    document.getElementById('sign-out').addEventListener('click', signOut);
    refresh();
  });
}
if (typeof module !== 'undefined') module.exports = { parseMetrics, perDeployment, quantile, rates, mergeEvents };
