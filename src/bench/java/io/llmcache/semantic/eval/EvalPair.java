package io.llmcache.semantic.eval;

/**
 * One labelled pair of the evaluation data.
 *
 * @param q1 the query stored
 * @param q2 the query looked up
 * @param duplicate whether one cached answer serves both
 * @param context the earlier user turn both depend on, or empty
 * @param contextual whether the pair only means the same after its context
 */
record EvalPair(String q1, String q2, boolean duplicate, String context, boolean contextual) {

}
