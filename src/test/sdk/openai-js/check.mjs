// The official OpenAI JavaScript SDK against the llm-cache proxy, backed by the tests'
// fake upstream (see run.sh): plain and streamed chat, tool call deltas, an upstream error,
// a broken stream, and embeddings per item. Exits non-zero on the first surprise.
import assert from "node:assert/strict";
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: `${process.env.LLMCACHE_URL}/openai/v1`,
  apiKey: process.env.LLMCACHE_KEY,
  maxRetries: 0,
});
const run = Date.now().toString(36);
const messages = (text) => [{ role: "user", content: `${text} ${run}` }];

async function chat(text) {
  const { data, response } = await client.chat.completions
    .create({ model: "gpt-4o-mini", temperature: 0, messages: messages(text) })
    .withResponse();
  return { data, cache: response.headers.get("x-cache") };
}

async function stream(text, includeUsage) {
  const { data, response } = await client.chat.completions
    .create({
      model: "gpt-4o-mini", temperature: 0, stream: true, messages: messages(text),
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    })
    .withResponse();
  const chunks = [];
  for await (const chunk of data) chunks.push(chunk);
  return { chunks, cache: response.headers.get("x-cache") };
}

const content = (chunks) => chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");

// Plain: a miss, then a hit with the same answer
const miss = await chat("What is the capital of France?");
const hit = await chat("What is the capital of France?");
assert.equal(miss.cache, "MISS");
assert.equal(hit.cache, "HIT");
assert.deepEqual(hit.data, miss.data);
assert.match(hit.data.choices[0].message.content, /^Echo: What is the capital of France\?/);
console.log("plain chat: MISS then HIT, same answer");

// Streams: relayed live, then replayed; a plain entry served as a stream and back
const live = await stream("Tell me a story", true);
const replayed = await stream("Tell me a story", true);
assert.equal(live.cache, "MISS");
assert.equal(replayed.cache, "HIT");
assert.deepEqual(replayed.chunks, live.chunks);
assert.ok(live.chunks.at(-1).usage.total_tokens > 0);
const fromPlain = await stream("What is the capital of France?", false);
assert.equal(fromPlain.cache, "HIT");
assert.equal(content(fromPlain.chunks), miss.data.choices[0].message.content);
console.log(`stream: ${live.chunks.length} chunks live (MISS), the same replayed (HIT); plain entry streamed`);

// Tool call deltas survive the replay and the conversion to a plain answer
const tools = await stream("[[tools]] Weather in Paris", false);
const toolsHit = await chat("[[tools]] Weather in Paris");
assert.equal(toolsHit.cache, "HIT");
const calls = toolsHit.data.choices[0].message.tool_calls;
assert.equal(calls.length, 2);
assert.equal(calls[0].function.name, "get_weather");
assert.deepEqual(JSON.parse(calls[0].function.arguments), { city: "Paris", unit: "celsius" });
assert.ok(tools.chunks.some((c) => c.choices[0]?.delta?.tool_calls));
console.log("tool calls: streamed as deltas, assembled for a plain request");

// An upstream error reaches the SDK as that error
await assert.rejects(chat("[[status:429]] Too many"), (error) => error.status === 429);
console.log("upstream 429: raised by the SDK as a 429");

// A stream that breaks off is raised as an error, and not cached
await assert.rejects(stream("[[broken]] Half a story", false), /stream broke off/);
const again = await client.chat.completions
  .create({ model: "gpt-4o-mini", temperature: 0, messages: messages("[[broken]] Half a story") })
  .withResponse();
assert.equal(again.response.headers.get("x-cache"), "MISS");
console.log("broken stream: raised by the SDK, not cached");

// Embeddings: per item
const first = await client.embeddings.create({ model: "text-embedding-3-small", input: [`a ${run}`, `b ${run}`] });
const { data: second, response } = await client.embeddings
  .create({ model: "text-embedding-3-small", input: [`b ${run}`, `c ${run}`] })
  .withResponse();
assert.equal(response.headers.get("x-cache-item-hits"), "1/2");
assert.deepEqual(second.data[0].embedding, first.data[1].embedding);
assert.equal(second.data.length, 2);
console.log("embeddings: 1 of 2 items from the cache, answer in order");
console.log("openai-js check: all passed");
