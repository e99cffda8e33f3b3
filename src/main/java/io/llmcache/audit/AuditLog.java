package io.llmcache.audit;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Appends to and reads a tenant's audit log.
 * <p>
 * A change is audited after it took effect. If the append fails, the change stands (it
 * cannot be undone half-way on another Redis slot): the failure is logged with the whole
 * record and counted in {@code llmcache.audit.failures}, and {@link #append} says so, so
 * that the caller's answer can too.
 */
@Service
public class AuditLog {

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private final AuditRepository repository;

	private final int maxRecords;

	private final Counter failures;

	AuditLog(AuditRepository repository, AuditProperties properties, MeterRegistry registry) {
		this.repository = repository;
		this.maxRecords = properties.maxRecords();
		this.failures = Counter.builder("llmcache.audit.failures")
			.description("Audit records that could not be written")
			.register(registry);
	}

	/**
	 * Appends a record.
	 * @param tenant the tenant
	 * @param record the record
	 * @return {@code true} if it was written
	 */
	public boolean append(String tenant, AuditRecord record) {
		try {
			this.repository.append(tenant, record, this.maxRecords);
			return true;
		}
		catch (DataAccessException ex) {
			this.failures.increment();
			logger.error("Could not write the audit record of tenant {}: {} ({})", tenant, record, ex.getMessage());
			return false;
		}
	}

	/**
	 * The newest records of a tenant.
	 * @param tenant the tenant
	 * @param limit at most this many
	 * @return the records, newest first
	 */
	public List<AuditRecord> newest(String tenant, int limit) {
		return this.repository.newest(tenant, limit);
	}

}
