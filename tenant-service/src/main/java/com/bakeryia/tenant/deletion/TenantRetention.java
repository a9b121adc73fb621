package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.retention.RetentionPurge;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * tenant-service's retention purges, run by the platform's runner: tombstones after {@code
 * tenant.retention.tombstones}, the owner's status records {@code tenant.deletion.status-retention}
 * after their request ended (then the owner's status page answers 404).
 */
@Configuration(proxyBeanMethods = false)
class TenantRetention {

    @Bean
    RetentionPurge tenantTombstonesPurge(TenantErasure erasure, TenantRetentionProperties properties) {
        return RetentionPurge.named(
                "tenant-tombstones",
                (now, batch) -> erasure.purgeTombstonesBefore(
                        now.atOffset(ZoneOffset.UTC)
                                .minus(properties.tombstones())
                                .toInstant(),
                        batch));
    }

    @Bean
    RetentionPurge tenantDeletionRequestsPurge(DeletionStatusRecords records, TenantDeletionProperties properties) {
        return RetentionPurge.named(
                "tenant-deletion-requests",
                (now, batch) -> records.purgeEndedBefore(now.minus(properties.statusRetention()), batch));
    }
}
