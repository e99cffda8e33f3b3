package io.llmcache.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Audit log settings ({@code llmcache.audit.*}).
 *
 * @param maxRecords the most records kept per tenant; older ones are dropped
 */
@ConfigurationProperties("llmcache.audit")
@Validated
record AuditProperties(@DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRecords) {

}
