package com.bakeryia.tenant.account;

import com.bakeryia.tenant.security.Callers;
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

    AccountMembershipsController(MembershipCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @DeleteMapping("/api/v1/tenants/user/{userId}/memberships")
    @Operation(
            operationId = "removeUserMemberships",
            summary = "Remove a user from every tenant, for their account's deletion",
            description = "All or nothing: owned tenants pass to their longest-serving ADMIN, owned tenants without"
                    + " other members get a deletion job, every other membership is removed. Caller: the user"
                    + " themself (user token whose sub is userId), or a service token of a trusted issuer addressed"
                    + " to tenant-service with scope tenant-memberships.delete and user_id equal to userId.")
    @ApiResponse(responseCode = "200", description = "Done: what happened in each tenant")
    @ApiResponse(
            responseCode = "409",
            description = "owned-tenants-without-admin: an owned tenant has members but no admin to take over;"
                    + " nothing changed")
    MembershipCleanupResult removeEverywhere(@PathVariable UUID userId, Authentication caller) {
        return cleanup.removeEverywhere(userId, Callers.requesterOf(caller));
    }
}
