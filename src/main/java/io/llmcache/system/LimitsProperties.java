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
 * @param maxNestingDepth the deepest JSON nesting of a body
 * @param maxNumberLength the most characters of one JSON number
 */
@ConfigurationProperties("llmcache.limits")
@Validated
public record LimitsProperties(@DefaultValue("4MB") @NotNull DataSize maxBodySize,
		@DefaultValue("64") @Min(8) @Max(1000) int maxNestingDepth,
		@DefaultValue("100") @Min(20) @Max(1000) int maxNumberLength) {

}
