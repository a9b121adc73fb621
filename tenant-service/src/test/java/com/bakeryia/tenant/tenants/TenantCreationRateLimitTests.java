package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class TenantCreationRateLimitTests {

    @Test
    void keepsAtMostMaxUsersLimitersWhateverTheNumberOfUserIds() {
        TenantCreationRateLimit limit = limit(1, 50);

        for (int i = 0; i < 5_000; i++) {
            limit.acquire(UUID.randomUUID());
        }

        assertThat(limit.usersKept()).isLessThanOrEqualTo(50);
    }

    @Test
    void refusesTheUserBeyondTheLimitAndNotTheNextUser() {
        TenantCreationRateLimit limit = limit(1, 50);
        UUID user = UUID.randomUUID();
        limit.acquire(user);

        assertThatThrownBy(() -> limit.acquire(user)).isInstanceOfSatisfying(ErrorResponseException.class, refused -> {
            assertThat(refused.getStatusCode().value()).isEqualTo(429);
            assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
        });
        limit.acquire(UUID.randomUUID());
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new TenantCreationProperties.RateLimit(0, Duration.ofHours(1), 10))
                .hasMessageContaining("tenant.creation.rate-limit.limit");
    }

    private static TenantCreationRateLimit limit(int perPeriod, long maxUsers) {
        return new TenantCreationRateLimit(new TenantCreationProperties(
                new TenantCreationProperties.RateLimit(perPeriod, Duration.ofHours(1), maxUsers)));
    }
}
