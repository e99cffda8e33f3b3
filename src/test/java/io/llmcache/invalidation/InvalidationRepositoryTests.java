package io.llmcache.invalidation;

import io.llmcache.entry.near.NoNearCache;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.llmcache.RedisTestConfiguration;
import io.llmcache.entry.TenantNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.test.autoconfigure.DataRedisTest;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invalidation rules' keys against a real Redis, Lua scripts included: recording
 * under growing sequence numbers, the rule limit, loading, pruning and what the sweeper
 * remembers. Each test works in a namespace of its own.
 *
 */
@DataRedisTest
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ InvalidationRepository.class, RedisTestConfiguration.class, NoNearCache.class })
@ActiveProfiles("test")
class InvalidationRepositoryTests {

	private static final int MAX_RULES = 100;

	@Autowired
	private InvalidationRepository repository;

	@Autowired
	private StringRedisTemplate redis;

	private final TenantNamespace namespace = new TenantNamespace("repo-tests", "ns-" + UUID.randomUUID());

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@AfterEach
	void leaveNoSweepWork() {
		// The work list is shared by every namespace; others' tests must not find ours.
		this.redis.opsForSet().remove(InvalidationRepository.SWEEPS_KEY, this.namespace.qualifiedName());
	}

	@Test
	void recordsRulesUnderGrowingSequenceNumbersOfAtLeastTheTime() {
		long first = this.repository.record(this.namespace, rule("inv-1", tags("a")), this.now, this.now, MAX_RULES);
		long second = this.repository.record(this.namespace, rule("inv-2", tags("b")), this.now, this.now, MAX_RULES);

		assertThat(first).isEqualTo(this.now.toEpochMilli());
		assertThat(second).isEqualTo(first + 1);
		assertThat(this.redis.opsForHash().get(this.namespace.controlKey(), "seq")).isEqualTo(Long.toString(second));
		assertThat(this.redis.opsForSet().isMember(InvalidationRepository.SWEEPS_KEY, this.namespace.qualifiedName()))
			.isTrue();
	}

	@Test
	void recordingARuleKeepsTheControlHashWithoutATimeToLive() {
		this.redis.opsForHash().put(this.namespace.controlKey(), "maxexp", "1");
		this.redis.expire(this.namespace.controlKey(), Duration.ofMinutes(5));

		this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now, MAX_RULES);

		assertThat(this.redis.getExpire(this.namespace.controlKey())).isEqualTo(-1);
	}

	@Test
	void readsTheLatestExpiryThatEarlierVersionsKeptInTheControlHash() {
		Instant latestExpiry = this.now.plus(Duration.ofHours(2));
		this.redis.opsForHash().put(this.namespace.controlKey(), "maxexp", Long.toString(latestExpiry.toEpochMilli()));
		this.redis.opsForZSet().add(this.namespace.allIndexKey(), "entry", this.now.toEpochMilli());

		long sequence = this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now, MAX_RULES);

		assertThat(keptUntil(sequence)).isEqualTo(latestExpiry.toEpochMilli());
	}

	@Test
	void keepsARuleUntilTheLatestEntryExpiryOrTheFloorWhicheverIsLater() {
		Instant latestExpiry = this.now.plus(Duration.ofHours(2));
		this.redis.opsForZSet().add(this.namespace.allIndexKey(), "entry", latestExpiry.toEpochMilli());
		this.redis.opsForZSet().add(this.namespace.allIndexKey(), "older", this.now.toEpochMilli());

		long first = this.repository.record(this.namespace, rule("inv-1", all()), this.now,
				this.now.plus(Duration.ofHours(1)), MAX_RULES);
		long second = this.repository.record(this.namespace, rule("inv-2", all()), this.now,
				this.now.plus(Duration.ofHours(3)), MAX_RULES);

		assertThat(keptUntil(first)).isEqualTo(latestExpiry.toEpochMilli());
		assertThat(keptUntil(second)).isEqualTo(this.now.plus(Duration.ofHours(3)).toEpochMilli());
	}

	@Test
	void refusesARuleBeyondTheLimitAndLeavesTheSequenceNumberAlone() {
		this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now, 2);
		long second = this.repository.record(this.namespace, rule("inv-2", all()), this.now, this.now, 2);

		long third = this.repository.record(this.namespace, rule("inv-3", all()), this.now, this.now, 2);

		assertThat(third).isEqualTo(-1);
		assertThat(this.repository.load(this.namespace).rules().sequence()).isEqualTo(second);
		assertThat(this.repository.load(this.namespace).rules().rules()).extracting(InvalidationRule::id)
			.containsExactly("inv-1", "inv-2");
	}

	@Test
	void loadsTheRulesInSequenceOrderWithTheirSelectors() {
		Selector selector = new Selector(List.of("b", "a"), "gpt-4o", "You are", this.now, false);
		long first = this.repository.record(this.namespace, rule("inv-1", selector), this.now, this.now, MAX_RULES);
		long second = this.repository.record(this.namespace, rule("inv-2", all()), this.now, this.now, MAX_RULES);

		InvalidationRepository.LoadedRules loaded = this.repository.load(this.namespace);

		assertThat(loaded.swept()).isZero();
		assertThat(loaded.rules().sequence()).isEqualTo(second);
		assertThat(loaded.rules().rules()).containsExactly(
				new InvalidationRule(first, "inv-1", this.now, "acme-admin", selector),
				new InvalidationRule(second, "inv-2", this.now, "acme-admin", all()));
	}

	@Test
	void loadsNothingForANamespaceNeverInvalidated() {
		InvalidationRepository.LoadedRules loaded = this.repository.load(this.namespace);

		assertThat(loaded.rules()).isEqualTo(RuleSet.EMPTY);
		assertThat(loaded.swept()).isZero();
	}

	@Test
	void remembersHowFarTheSweeperGot() {
		long sequence = this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now, MAX_RULES);

		this.repository.markSwept(this.namespace, sequence);

		assertThat(this.repository.load(this.namespace).swept()).isEqualTo(sequence);
	}

	@Test
	void prunesOnlyRulesKeptUntilBeforeNow() {
		this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now.plusSeconds(10), MAX_RULES);
		this.repository.record(this.namespace, rule("inv-2", all()), this.now, this.now.plusSeconds(30), MAX_RULES);

		long left = this.repository.prune(this.namespace, this.now.plusSeconds(20));

		assertThat(left).isOne();
		assertThat(this.repository.load(this.namespace).rules().rules()).extracting(InvalidationRule::id)
			.containsExactly("inv-2");
		assertThat(this.redis.opsForSet().isMember(InvalidationRepository.SWEEPS_KEY, this.namespace.qualifiedName()))
			.isTrue();
		assertThat(this.redis.getExpire(this.namespace.controlKey())).isEqualTo(-1);
	}

	@Test
	void pruningTheLastRuleLetsTheControlHashExpireWithTheLastEntry() {
		this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now.plusSeconds(10), MAX_RULES);
		// An entry stored after the rule outlives it.
		Instant latestExpiry = this.now.plus(Duration.ofHours(1));
		this.redis.opsForZSet().add(this.namespace.allIndexKey(), "entry", latestExpiry.toEpochMilli());

		long left = this.repository.prune(this.namespace, this.now.plusSeconds(20));

		assertThat(left).isZero();
		assertThat(this.redis.hasKey(this.namespace.rulesKey())).isFalse();
		assertThat(this.redis.opsForHash().hasKey(this.namespace.controlKey(), "seq")).isTrue();
		assertThat(this.redis.getExpire(this.namespace.controlKey())).isPositive()
			.isLessThanOrEqualTo(Duration.ofHours(1).toSeconds());
		assertThat(this.redis.opsForSet().isMember(InvalidationRepository.SWEEPS_KEY, this.namespace.qualifiedName()))
			.isFalse();
	}

	@Test
	void pruningTheLastRuleDeletesTheControlHashWhenEveryEntryExpired() {
		this.repository.record(this.namespace, rule("inv-1", all()), this.now, this.now.plusSeconds(10), MAX_RULES);

		long left = this.repository.prune(this.namespace, this.now.plusSeconds(20));

		assertThat(left).isZero();
		assertThat(this.redis.hasKey(this.namespace.controlKey())).isFalse();
		assertThat(this.redis.opsForSet().isMember(InvalidationRepository.SWEEPS_KEY, this.namespace.qualifiedName()))
			.isFalse();
	}

	private long keptUntil(long sequence) {
		String stored = (String) this.redis.opsForHash().get(this.namespace.rulesKey(), Long.toString(sequence));
		return Long.parseLong(stored.substring(0, stored.indexOf(' ')));
	}

	private InvalidationRule rule(String id, Selector selector) {
		return new InvalidationRule(0, id, this.now, "acme-admin", selector);
	}

	private static Selector tags(String... tags) {
		return new Selector(List.of(tags), null, null, null, false);
	}

	private static Selector all() {
		return new Selector(null, null, null, null, true);
	}

}
