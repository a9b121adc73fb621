package com.bakeryia.tenant.account;

import com.bakeryia.tenant.security.Callers;
import com.bakeryia.tenant.security.StepUpAuthentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/v1/tenants/user/{userId}/memberships}: for the user themself or a service
 * deleting the account (the security chain checks which may call).
 */
@RestController
@Tag(name = "Account memberships", description = "Removing a user from every tenant when their account is deleted.")
class AccountMembershipsController {

    private final MembershipCleanup cleanup;
    private final StepUpAuthentication stepUp;

    AccountMembershipsController(MembershipCleanup cleanup, StepUpAuthentication stepUp) {
        this.cleanup = cleanup;
        this.stepUp = stepUp;
    }

    @DeleteMapping("/api/v1/tenants/user/{userId}/memberships")
    @Operation(
            operationId = "removeUserMemberships",
            summary = "Remove a user from every tenant, for their account's deletion",
            description = "All or nothing: owned tenants pass to their longest-serving ADMIN, owned tenants without"
                    + " other members get a deletion job, every other membership is removed. Caller: the user"
                    + " themself (user token whose sub is userId), or a service token of a trusted issuer addressed"
                    + " to tenant-service with scope tenant-memberships.delete and user_id equal to userId. A user"
                    + " token needs an auth_time at most tenant.security.max-auth-age (5 min) old (RFC 9470"
                    + " step-up); a service token has none and needs none.")
    @ApiResponse(responseCode = "200", description = "Done: what happened in each tenant")
    @ApiResponse(
            responseCode = "409",
            description = "owned-tenants-without-admin: an owned tenant has members but no admin to take over;"
                    + " nothing changed")
    @ApiResponse(
            responseCode = "401",
            description = "insufficient-user-authentication: the user token has no auth_time or the sign-in is older"
                    + " than max_age; sign in again and retry; nothing changed")
    MembershipCleanupResult removeEverywhere(@PathVariable UUID userId, Authentication caller) {
        stepUp.requireRecentAuthentication(caller);
        return cleanup.removeEverywhere(userId, Callers.requesterOf(caller));
    }
}
