/**
 * The semantic verifier: a boosted-trees model, trained offline on labelled question
 * pairs ({@code verifier/train.sh}), that reads a query and a semantic candidate together
 * (word overlap weighted by rarity, word order, numbers, negation, names, the guards'
 * verdicts and the embedding similarity) and scores how likely one cached answer serves
 * both.
 */
package io.llmcache.verifier;
