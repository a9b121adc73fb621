package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** POST /api/v1/tenants is limited per user: here 2 per hour. */
@TestPropertySource(properties = {"tenant.creation.rate-limit.limit=2", "tenant.creation.rate-limit.refresh-period=1h"})
class TenantCreationRateLimitIntegrationTests extends TenantServiceIntegrationTest {

    @Test
    void refusesTheCreationBeyondTheLimitWith429AndRetryAfterAndCreatesNothing() {
        UUID user = UUID.randomUUID();
        api.createTenant(user, "Uno");
        api.createTenant(user, "Dos");

        Response third = create(user, "Tres");

        assertThat(third.status()).as(third.body()).isEqualTo(429);
        assertThat(third.problemType()).isEqualTo("urn:bakery-ia:problem:too-many-requests");
        assertThat(third.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(third.json().get("detail").asText()).contains("at most 2 tenants per 3600 s");
        assertThat(third.header("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(ownedTenants(user)).isEqualTo(2);
    }

    @Test
    void anotherUserIsNotAffected() {
        UUID flooding = UUID.randomUUID();
        api.createTenant(flooding, "Uno");
        api.createTenant(flooding, "Dos");
        assertThat(create(flooding, "Tres").status()).isEqualTo(429);

        Response other = create(UUID.randomUUID(), "Vecina");

        assertThat(other.status()).as(other.body()).isEqualTo(201);
    }

    @Test
    void aRequestWithAnInvalidBodyDoesNotCount() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(api.as(user, "POST", "/api/v1/tenants", "{\"name\":\"\"}")
                            .status())
                    .isEqualTo(400);
        }

        assertThat(create(user, "Válida").status()).isEqualTo(201);
    }

    private Response create(UUID user, String name) {
        return api.as(user, "POST", "/api/v1/tenants", "{\"name\":\"" + name + "\"}");
    }

    private long ownedTenants(UUID user) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM tenant.tenant_members WHERE user_id = ? AND role = 'OWNER'", Long.class, user);
        return count == null ? 0 : count;
    }
}
