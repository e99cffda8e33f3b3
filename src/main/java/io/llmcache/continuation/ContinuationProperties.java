package io.llmcache.continuation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Continuation settings ({@code llmcache.continuation.*}).
 *
 * @param maxTypedChars the most characters a user may have typed after a cached prompt
 * for the lookup to find it; each lookup asks Redis about one place per character (about
 * 20 bytes each), so this bounds its cost
 */
@ConfigurationProperties("llmcache.continuation")
@Validated
public record ContinuationProperties(@DefaultValue("1024") @Min(1) @Max(16384) int maxTypedChars) {

}
