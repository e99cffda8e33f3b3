package io.llmcache.prefix;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token prefix settings ({@code llmcache.prefix.*}).
 *
 * @param indexStores whether stores add their blocks to the prefix index; off saves the
 * index's Redis memory (about 233 bytes per 64 tokens stored) where nobody looks prefixes
 * up, and lookups then find nothing shared
 * @param defaultEncoding the tokenizer of models that {@code encodings} does not name:
 * {@code o200k_base} or {@code cl100k_base}
 * @param encodings tokenizer by model name prefix, as {@code prefix=encoding}; the
 * longest matching prefix wins (so {@code gpt-4o=o200k_base} beats
 * {@code gpt-4=cl100k_base} for {@code gpt-4o-mini})
 * @param maxTokens the most tokens of one request that are indexed and looked up; the
 * rest of a longer request is ignored and the answer says {@code truncated}
 * @param segmentCacheTokens how many tokens the in-process cache of tokenized segments
 * holds (4 bytes each), so that a conversation tokenizes only its newest message
 * @param blockCacheSize how many verified blocks the in-process cache in front of Redis
 * holds
 * @param blockCacheTtl how long a block read from Redis is trusted in process; entries
 * stored on another replica appear in lookups after at most this long
 * @param entriesPerBlock how many of the newest entries each block names
 * @param topPrefixes how many of the most shared prefixes each namespace keeps for
 * analytics
 * @param lookupFlushInterval how often each replica adds the lookups it counted to Redis
 * @param providers providers' prompt caching rules, for analytics
 */
@ConfigurationProperties("llmcache.prefix")
@Validated
record PrefixProperties(@DefaultValue("true") boolean indexStores,
		@DefaultValue("o200k_base") @NotBlank String defaultEncoding, @DefaultValue( {
				"gpt-4o=o200k_base", "gpt-4.1=o200k_base", "gpt-4.5=o200k_base", "gpt-4=cl100k_base",
				"gpt-3.5=cl100k_base", "text-embedding-3=cl100k_base" }) List<@Valid ModelEncoding> encodings,
		@DefaultValue("131072") @Min(64) @Max(1_048_576) int maxTokens,
		@DefaultValue("4000000") @Min(0) @Max(1_000_000_000) long segmentCacheTokens,
		@DefaultValue("200000") @Min(0) @Max(100_000_000) long blockCacheSize,
		@DefaultValue("2s") @NotNull Duration blockCacheTtl, @DefaultValue("4") @Min(1) @Max(32) int entriesPerBlock,
		@DefaultValue("1000") @Min(1) @Max(100_000) int topPrefixes,
		@DefaultValue("1s") @NotNull Duration lookupFlushInterval,
		@DefaultValue({ "openai:1024:128", "anthropic:1024:1" }) List<@Valid ProviderCaching> providers){

	/**
	 * The tokenizer of the models whose names start with a prefix.
	 *
	 * @param modelPrefix the start of a model name
	 * @param encoding the tokenizer's name
	 */
	record ModelEncoding(@NotBlank String modelPrefix, @NotBlank String encoding) {

		/**
		 * Reads {@code prefix=encoding}, the form used in properties lists.
		 * @param text the text
		 * @return the rule
		 */
		public static ModelEncoding valueOf(String text) {
			int equals = text.lastIndexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("expected modelPrefix=encoding, got " + text);
			}
			return new ModelEncoding(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
		}

	}

	/**
	 * A provider's prompt caching: prefixes shorter than {@code minTokens} are not
	 * cached; longer ones are cached in steps of {@code stepTokens} beyond the minimum.
	 *
	 * @param name the provider, for example {@code openai}
	 * @param minTokens the shortest prefix the provider caches
	 * @param stepTokens the granularity beyond the minimum
	 */
	record ProviderCaching(@NotBlank String name, @Min(1) int minTokens, @Min(1) int stepTokens) {

		/**
		 * Reads {@code name:minTokens:stepTokens}, the form used in properties lists.
		 * @param text the text
		 * @return the rule
		 */
		public static ProviderCaching valueOf(String text) {
			String[] parts = text.split(":");
			if (parts.length != 3) {
				throw new IllegalArgumentException("expected name:minTokens:stepTokens, got " + text);
			}
			return new ProviderCaching(parts[0].trim(), Integer.parseInt(parts[1].trim()),
					Integer.parseInt(parts[2].trim()));
		}

		/**
		 * The tokens of a prefix that this provider's prompt caching could serve.
		 * @param prefixTokens the prefix's length in tokens
		 * @return 0 below the minimum, else the minimum plus whole steps
		 */
		long cacheable(long prefixTokens) {
			if (prefixTokens < this.minTokens) {
				return 0;
			}
			return this.minTokens + ((prefixTokens - this.minTokens) / this.stepTokens) * this.stepTokens;
		}

	}

}
