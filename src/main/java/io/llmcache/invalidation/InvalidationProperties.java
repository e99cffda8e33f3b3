package io.llmcache.invalidation;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Invalidation settings ({@code llmcache.invalidation.*}).
 *
 * @param storeTokenTtl how long a lookup's {@code storeToken} is accepted by a store
 * @param exactCountLimit an invalidation counts its matches exactly when its indexes hold
 * at most this many entries; above, it reports the live size of its indexes as an
 * estimate, so that its cost does not grow with what it covers
 * @param maxRules the most invalidations a namespace may have in force at once
 * @param sweepInterval how often each replica looks for invalidated entries to delete
 * @param sweepBatchSize entries read and deleted per Redis call while sweeping
 */
@ConfigurationProperties("llmcache.invalidation")
@Validated
record InvalidationProperties(@DefaultValue("15m") @NotNull Duration storeTokenTtl,
		@DefaultValue("1000") @Min(0) @Max(100_000) int exactCountLimit,
		@DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRules,
		@DefaultValue("1s") @NotNull Duration sweepInterval,
		@DefaultValue("500") @Min(1) @Max(10_000) int sweepBatchSize) {

}
