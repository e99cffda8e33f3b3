package io.llmcache.proxy;

import io.llmcache.lookup.LookupResult;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.PolicyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Request coalescing: when identical requests miss at once, exactly one goes upstream.
 * <ul>
 * <li><b>On this replica</b> the first request to miss opens a {@link Flight}; identical
 * requests that miss while it runs join it and get its answer (a stream as it
 * arrives).</li>
 * <li><b>Across replicas</b> that first request must also hold a lease in Redis
 * ({@link LeaseRepository}) before it calls the upstream. A replica that finds the lease
 * taken waits, checking every {@code poll-interval}, until the lease is gone or marked
 * {@code done}, then looks the request up: the holder's answer is a hit. If the holder
 * failed (nothing stored) or died (its lease expired, {@code lease-ttl} at most), the
 * waiting replica takes the lease and calls the upstream itself.</li>
 * </ul>
 * Without Redis (or after {@code max-wait}) requests go upstream uncoordinated:
 * in-process coalescing still holds, the cross-replica guarantee does not. Leases held
 * here are renewed every third of their TTL while their call runs.
 */
@Component
class CallCoordinator implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(CallCoordinator.class);

	private final LeaseRepository leases;

	private final PolicyService policies;

	private final CacheKeyFactory keys;

	private final ProxyProperties.Coalescing settings;

	private final long maxResponseSize;

	private final Map<String, Flight> flights = new ConcurrentHashMap<>();

	private final Map<String, String> held = new ConcurrentHashMap<>();

	private final ScheduledExecutorService renewer;

	CallCoordinator(LeaseRepository leases, PolicyService policies, CacheKeyFactory keys, ProxyProperties properties) {
		this.leases = leases;
		this.policies = policies;
		this.keys = keys;
		this.settings = properties.coalescing();
		this.maxResponseSize = properties.maxResponseSize().toBytes();
		this.renewer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "proxy-lease-renewer");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(10, this.settings.leaseTtl().toMillis() / 3);
		this.renewer.scheduleWithFixedDelay(this::renewHeld, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Whether identical misses are coalesced at all.
	 * @return the setting
	 */
	boolean enabled() {
		return this.settings.enabled();
	}

	/**
	 * The longest a request waits for another's answer.
	 * @return the setting
	 */
	Duration maxWait() {
		return this.settings.maxWait();
	}

	/**
	 * Where an identical request's call is coordinated: the tenant, namespace and exact
	 * key digest of the request.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param request the request as the cache keys it
	 * @return the call's identity
	 */
	CallKey keyOf(String tenant, String namespace, LlmRequest request) {
		String digest = this.keys.keysFor(tenant, this.policies.policyFor(tenant, namespace), request)
			.exact()
			.digestText();
		return new CallKey(tenant + "/" + namespace + "/" + digest, LeaseRepository.key(tenant, namespace, digest));
	}

	/**
	 * Joins the flight of an identical request on this replica, or opens one.
	 * @param key the call
	 * @param leaderIncludesUsage whether the request asks for a usage chunk
	 * @return the flight and whether the caller leads it
	 */
	Boarding board(CallKey key, boolean leaderIncludesUsage) {
		for (int attempt = 0; attempt < 3; attempt++) {
			Flight fresh = new Flight(leaderIncludesUsage, this.maxResponseSize);
			Flight existing = this.flights.putIfAbsent(key.flight(), fresh);
			if (existing == null) {
				return new Boarding(fresh, true);
			}
			if (existing.join()) {
				return new Boarding(existing, false);
			}
			// Over, not yet removed: its answer is stored (or it failed); take its place
			this.flights.remove(key.flight(), existing);
		}
		return new Boarding(new Flight(leaderIncludesUsage, this.maxResponseSize), true);
	}

	/**
	 * The leader's flight is over.
	 * @param key the call
	 * @param flight the flight
	 */
	void land(CallKey key, Flight flight) {
		this.flights.remove(key.flight(), flight);
	}

	/**
	 * Claims the right to call the upstream for a request across replicas, waiting while
	 * another replica holds it.
	 * @param key the call
	 * @param lookup looks the request up again, once the holder is done
	 * @return the lease, a hit stored by the holder, or neither (go uncoordinated)
	 */
	Claim claim(CallKey key, Supplier<LookupResult> lookup) {
		String token = UUID.randomUUID().toString();
		long deadline = System.nanoTime() + this.settings.maxWait().toNanos();
		try {
			while (true) {
				if (this.leases.tryAcquire(key.lease(), token, this.settings.leaseTtl())) {
					this.held.put(key.lease(), token);
					return new Claim(token, null);
				}
				String holder = this.leases.holder(key.lease());
				while (holder != null && !LeaseRepository.DONE.equals(holder)) {
					if (System.nanoTime() > deadline) {
						return new Claim(null, null);
					}
					Thread.sleep(this.settings.pollInterval().toMillis());
					holder = this.leases.holder(key.lease());
				}
				LookupResult found = lookup.get();
				if (found instanceof LookupResult.Hit hit) {
					return new Claim(null, hit);
				}
				// Done but not served (e.g. too old for this request's max-age), Redis
				// failing, or out of time: call the upstream without a lease
				if (holder != null || (found instanceof LookupResult.Miss miss && miss.degraded())
						|| System.nanoTime() > deadline) {
					return new Claim(null, null);
				}
				// The holder failed or died without storing: try to take over
			}
		}
		catch (DataAccessException ex) {
			logger.debug("Coalescing across replicas skipped: Redis failed ({})", ex.getMessage());
			return new Claim(null, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Claim(null, null);
		}
	}

	/**
	 * Ends a lease taken by {@link #claim}.
	 * @param key the call
	 * @param claim the claim
	 * @param stored whether the answer was stored
	 */
	void release(CallKey key, Claim claim, boolean stored) {
		if (claim.token() == null) {
			return;
		}
		this.held.remove(key.lease(), claim.token());
		try {
			this.leases.release(key.lease(), claim.token(), stored);
		}
		catch (DataAccessException ex) {
			// It expires by itself within the lease TTL
			logger.debug("Lease not released: Redis failed ({})", ex.getMessage());
		}
	}

	private void renewHeld() {
		this.held.forEach((lease, token) -> {
			try {
				if (!this.leases.renew(lease, token, this.settings.leaseTtl())) {
					this.held.remove(lease, token);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Lease not renewed: {}", ex.getMessage());
			}
		});
	}

	@Override
	public void destroy() {
		this.renewer.shutdownNow();
	}

	/**
	 * The identity of an upstream call.
	 *
	 * @param flight the key of its flight on this replica
	 * @param lease the Redis key of its lease
	 */
	record CallKey(String flight, String lease) {

	}

	/**
	 * A request's place in a flight.
	 *
	 * @param flight the flight
	 * @param leader whether the request leads it (calls the upstream)
	 */
	record Boarding(Flight flight, boolean leader) {

	}

	/**
	 * The outcome of a claim: at most one component is set.
	 *
	 * @param token the lease's token when the caller holds it
	 * @param hit the entry another replica's call stored
	 */
	record Claim(String token, LookupResult.Hit hit) {

	}

}
