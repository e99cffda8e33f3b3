// Calls the service's own API with the key kept in this tab's session storage.

const KEY = 'llmcache.apiKey';

export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function keepKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** An answer that is not 2xx, carrying its problem+json details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The field errors of a validation problem, as "field: message" lines. */
  fieldErrors() {
    return (this.problem.errors ?? []).map((error) => `${error.field}: ${error.message}`);
  }
}

/**
 * Sends a request to the API. The key goes in the Authorization header only; the
 * browser never puts it in a URL, and the page sends no referrer.
 */
export async function call(method, path, body, key = storedKey()) {
  const headers = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${key}` };
  const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, parseOrNull(text) ?? { detail: `HTTP ${response.status} ${response.statusText}` });
  }
  return text ? JSON.parse(text) : null;
}

/** A body as JSON, or null when it is not (an HTML error page of a proxy in between). */
function parseOrNull(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export const get = (path, key) => call('GET', path, undefined, key);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);

/** A message for an error: the problem's detail, which names each invalid field. */
export function describe(error) {
  if (error instanceof ApiError) {
    return error.status === 403 ? `${error.message} (this key lacks the role it needs)` : error.message;
  }
  return `The service could not be reached: ${error.message}`;
}
