package com.bakeryia.orchestrator.store;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the orchestrator keeps finished jobs and the personal data in them ({@code
 * orchestrator.retention.*}); the purges run on the platform's schedule ({@code
 * deletion.retention.purge-interval}, {@code batch-size}).
 *
 * @param jobs how long after it finished (COMPLETED, CANCELLED or FAILED) a job is kept with its
 *     steps, admin requests and audit events, then purged with them: the proof of erasure for the
 *     controller's accountability (GDPR Art. 5(2)). The receipt is signed from the job and its audit
 *     chain, so once the job is purged its receipt answers 404. Lifted legal holds of tenants with no
 *     job left are purged after the same period
 * @param personalData how long after it finished a job keeps its personal fields: the user ids and
 *     free-text reasons of the job ({@code requested_by}, {@code reason}), of its admin requests and
 *     of the tenant's lifted legal holds, and its audit payloads (hash version v2), which are then
 *     replaced by {@code redacted}; the audit chain still verifies
 */
@ConfigurationProperties("orchestrator.retention")
public record RetentionProperties(
        @DefaultValue("P3Y") Period jobs,
        @DefaultValue("P90D") Period personalData) {

    public RetentionProperties {
        if (jobs.isNegative() || jobs.isZero()) {
            throw new IllegalArgumentException("orchestrator.retention.jobs must be positive: " + jobs);
        }
        if (personalData.isNegative() || personalData.isZero()) {
            throw new IllegalArgumentException(
                    "orchestrator.retention.personal-data must be positive: " + personalData);
        }
    }
}
