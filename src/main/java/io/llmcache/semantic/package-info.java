/**
 * Semantic matching, free of Redis and of the cache service: embedders (in-process ONNX
 * and remote OpenAI-compatible), verification guards beyond cosine similarity, and the
 * calibration that turns a target precision into a similarity threshold.
 */
package io.llmcache.semantic;
