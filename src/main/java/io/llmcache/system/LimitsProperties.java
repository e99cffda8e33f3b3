package io.llmcache.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what one request may send ({@code llmcache.limits.*}). Counts of messages,
 * tools, parameters and tags are fixed in the request types.
 *
 * @param maxBodySize the largest request body; larger ones get a 413 problem
 * @param maxPromptSize the largest request the cache keeps, counted in UTF-8 bytes of its
 * canonical form (messages or prompt, tools and key parameters): larger ones get a 413
 * {@code prompt-too-large} from the cache API, and the proxy forwards them uncached.
 * Apart from the body limit because a prompt costs Redis memory and time for as long as
 * its entry lives, and a store of several megabytes holds Redis up for every tenant
 * @param maxNestingDepth the deepest JSON nesting of a body
 * @param maxNumberLength the most characters of one JSON number
 */
@ConfigurationProperties("llmcache.limits")
@Validated
public record LimitsProperties(@DefaultValue("4MB") @NotNull DataSize maxBodySize,
		@DefaultValue("512KB") @NotNull DataSize maxPromptSize,
		@DefaultValue("64") @Min(8) @Max(1000) int maxNestingDepth,
		@DefaultValue("100") @Min(20) @Max(1000) int maxNumberLength) {

}
