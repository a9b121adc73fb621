package com.bakeryia.tenant.export;

import com.bakeryia.fleet.retention.RetentionPurge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The retention purge of expired export records ({@code tenant-exports}): a record expires {@code
 * tenant.export.link-validity} after its request and is then deleted by the platform's runner. The
 * archives themselves are never stored.
 */
@Configuration(proxyBeanMethods = false)
class TenantExportRetention {

    @Bean
    RetentionPurge tenantExportsPurge(TenantExports exports) {
        return RetentionPurge.named("tenant-exports", exports::purgeExpired);
    }
}
