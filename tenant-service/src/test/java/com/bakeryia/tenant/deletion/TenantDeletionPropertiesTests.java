package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantDeletionPropertiesTests {

    private final TenantDeletionProperties.Outbox outbox = new TenantDeletionProperties.Outbox(
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1), 50);

    @Test
    void doublesTheBackoffAfterEachFailureUpToTheCap() {
        assertThat(outbox.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(outbox.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(outbox.backoffAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(outbox.backoffAfter(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(outbox.backoffAfter(10_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theOwnerIsSentToTenantServicesOwnStatusResourceNotToTheOpsApi() {
        UUID tenant = UUID.randomUUID();

        assertThat(TenantDeletionProperties.ownerStatusUrl(tenant))
                .isEqualTo(URI.create("/api/v1/tenants/" + tenant + "/deletion"));
    }

    @Test
    void refusesANegativeGracePeriodOrRetention() {
        assertThatThrownBy(() -> properties(Duration.ofSeconds(-1), Duration.ofDays(90)))
                .hasMessageContaining("tenant.deletion.grace-period");
        assertThatThrownBy(() -> properties(Duration.ofDays(7), Duration.ofSeconds(-1)))
                .hasMessageContaining("tenant.deletion.status-retention");
    }

    private TenantDeletionProperties properties(Duration grace, Duration retention) {
        return new TenantDeletionProperties(
                grace,
                retention,
                URI.create("http://orchestrator:8082/"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                outbox,
                Duration.ofSeconds(30),
                100);
    }
}
