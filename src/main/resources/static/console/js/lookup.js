// Try a lookup: look a request up or explain it (candidates, similarity, verifier score,
// verdict, threshold), and mark a served entry as a wrong answer.
import { describe, post } from './api.js';
import { busy, byId, fill, h } from './dom.js';

/** Fields of a pasted chat request that are not generation parameters. */
const NOT_PARAMS = new Set(['namespace', 'model', 'messages', 'prompt', 'tools', 'params']);

const LABELS = { prompt: 'Prompt', message: 'User message', chat: 'Chat request (JSON)' };

/** The body of a lookup or explain call, from the form. */
function requestBody() {
  const namespace = byId('lookup-namespace').value.trim();
  const model = byId('lookup-model').value.trim();
  const text = byId('lookup-text').value;
  const kind = byId('lookup-form-kind').value;
  if (kind === 'prompt') return { namespace, model, prompt: text };
  if (kind === 'message') return { namespace, model, messages: [{ role: 'user', content: text }] };
  let pasted;
  try {
    pasted = JSON.parse(text);
  } catch (error) {
    throw new Error(`The chat request is not JSON: ${error.message}`);
  }
  if (pasted === null || typeof pasted !== 'object' || Array.isArray(pasted)) {
    throw new Error('The chat request must be a JSON object, such as {"model": …, "messages": […]}.');
  }
  const params = { ...(pasted.params ?? {}) };
  for (const [name, value] of Object.entries(pasted)) {
    if (!NOT_PARAMS.has(name)) params[name] = value;
  }
  return { namespace, model: pasted.model ?? model, messages: pasted.messages, prompt: pasted.prompt,
    tools: pasted.tools, params };
}

/** The text a feedback record keeps: the last user turn, or the prompt. */
function queryText(body) {
  if (body.prompt) return body.prompt;
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  const last = users[users.length - 1]?.content;
  return typeof last === 'string' ? last : JSON.stringify(last ?? '');
}

function showHit(answer, body) {
  const feedback = h('p', { class: 'status', role: 'status' });
  const markWrong = h('button', { type: 'button', id: 'mark-wrong', class: 'danger' }, 'Mark this answer wrong');
  markWrong.addEventListener('click', () => busy(markWrong, async () => {
    try {
      await post(`/v1/cache/entries/${encodeURIComponent(answer.entryId)}/feedback`,
        { verdict: 'wrong', query: queryText(body).slice(0, 4096) });
      feedback.textContent = 'Recorded: this entry will not be served as a semantic match again.';
      markWrong.hidden = true;
    } catch (error) {
      feedback.textContent = describe(error);
    }
  }));
  return [
    h('h3', {}, h('span', { class: 'hit', id: 'lookup-verdict' }, `Hit (${answer.matchType})`)),
    h('dl', { class: 'grid' },
      h('dt', {}, 'Entry'), h('dd', {}, h('code', { id: 'lookup-entry' }, answer.entryId)),
      h('dt', {}, 'Similarity'), h('dd', {}, String(answer.similarity)),
      h('dt', {}, 'Age'), h('dd', {}, `${answer.ageSeconds} s (expires ${new Date(answer.expiresAt).toLocaleString()})`),
      h('dt', {}, 'Tags'), h('dd', {}, (answer.tags ?? []).join(', ') || '–')),
    h('h4', {}, 'Response served'),
    h('pre', {}, JSON.stringify(answer.response, null, 2)),
    h('div', { class: 'actions' }, markWrong),
    feedback,
  ];
}

async function lookUp() {
  const body = requestBody();
  const answer = await post('/v1/cache/lookup', body);
  fill(byId('explain-result'));
  fill(byId('lookup-result'), answer.hit ? showHit(answer, body)
    : h('h3', {}, h('span', { id: 'lookup-verdict' }, `Miss (${answer.reason}${answer.degraded ? ', degraded' : ''})`)));
}

function candidateRow(candidate) {
  return h('tr', {},
    h('td', {}, candidate.matchType),
    h('td', {}, h('code', {}, candidate.entryId)),
    h('td', { class: 'num' }, candidate.similarity?.toFixed(4) ?? '–'),
    h('td', { class: 'num' }, candidate.verifierScore?.toFixed(4) ?? '–'),
    h('td', { class: candidate.accepted ? 'verdict-accepted' : 'verdict-rejected' },
      candidate.accepted ? 'accepted' : 'rejected', h('br'), h('small', {}, candidate.reason)));
}

async function explain() {
  const answer = await post('/v1/cache/explain', requestBody());
  const threshold = answer.semanticThreshold !== null && answer.semanticThreshold !== undefined
    ? h('p', {}, `Semantic threshold: ${answer.semanticThreshold.toFixed(4)} (${answer.semanticCalibration})`)
    : h('p', { class: 'muted' }, 'No semantic threshold applied (semantic matching not tried).');
  fill(byId('lookup-result'));
  fill(byId('explain-result'),
    h('h3', {}, 'Explanation: ', answer.result.hit ? `would hit (${answer.result.matchType})` : `would miss (${answer.result.reason})`),
    h('p', {}, `Policy version ${answer.policyVersion}; tried ${answer.triedMatchTypes.join(', ') || 'nothing'} of `,
      `${answer.allowedMatchTypes.join(', ')}; key version ${answer.keyVersion}.`),
    threshold,
    h('table', { class: 'data', id: 'explain-candidates' },
      h('caption', {}, `${answer.candidates.length} candidates, in the order tried`),
      h('thead', {}, h('tr', {}, ['Match type', 'Entry', 'Similarity', 'Verifier score', 'Verdict']
        .map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, answer.candidates.map(candidateRow))),
    h('details', {}, h('summary', {}, 'Keys'),
      h('p', {}, 'Exact digest: ', h('code', {}, answer.exact.digest)),
      h('p', {}, 'Normalized digest: ', h('code', {}, answer.normalized.digest))));
}

function run(button, action) {
  const error = byId('lookup-error');
  error.textContent = '';
  return busy(button, async () => {
    try {
      await action();
    } catch (failure) {
      error.textContent = failure instanceof Error && !('status' in failure) ? failure.message : describe(failure);
    }
  });
}

export function setUp() {
  const form = byId('lookup-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(byId('lookup-run'), lookUp);
  });
  byId('explain-run').addEventListener('click', () => {
    if (form.reportValidity()) run(byId('explain-run'), explain);
  });
  byId('lookup-form-kind').addEventListener('change', (event) => {
    byId('lookup-text').previousElementSibling.textContent = LABELS[event.target.value];
  });
}
