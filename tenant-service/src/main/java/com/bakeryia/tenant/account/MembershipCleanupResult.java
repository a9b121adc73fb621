package com.bakeryia.tenant.account;

import com.bakeryia.tenant.deletion.DeletionRequest;
import com.bakeryia.tenant.tenants.MemberRole;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code DELETE /api/v1/tenants/user/{userId}/memberships}: what was done per tenant.
 *
 * @param userId the deleted account
 * @param tenants one entry per tenant the user belonged to
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record MembershipCleanupResult(UUID userId, List<TenantOutcome> tenants) {

    /**
     * What was done to one tenant.
     *
     * @param tenantId the tenant
     * @param role the user's role there
     * @param action what was done
     * @param newOwnerId the admin who became owner ({@code OWNERSHIP_TRANSFERRED})
     * @param jobId the tenant's deletion job ({@code TENANT_DELETION_REQUESTED}, {@code DELETION_ALREADY_REQUESTED})
     * @param statusUrl the job's status URL at the orchestrator
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TenantOutcome(
            UUID tenantId,
            MemberRole role,
            MembershipCleanup.Action action,
            @Nullable UUID newOwnerId,
            @Nullable UUID jobId,
            @Nullable URI statusUrl) {

        static TenantOutcome of(MembershipCleanup.Plan plan) {
            DeletionRequest deletion = plan.deletion();
            return new TenantOutcome(
                    plan.tenant().id(),
                    plan.membership().role(),
                    plan.action(),
                    plan.successor() == null ? null : plan.successor().userId(),
                    deletion == null ? null : deletion.jobId(),
                    deletion == null ? null : deletion.statusUrl());
        }
    }
}
