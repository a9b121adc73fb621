package com.bakeryia.tenant.account;

import com.bakeryia.tenant.problems.Ids;
import com.bakeryia.tenant.security.Callers;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/v1/tenants/user/{userId}/memberships}: for the user themself or a service
 * deleting the account (the security chain checks which may call).
 */
@RestController
class AccountMembershipsController {

    private final MembershipCleanup cleanup;

    AccountMembershipsController(MembershipCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @DeleteMapping("/api/v1/tenants/user/{userId}/memberships")
    MembershipCleanupResult removeEverywhere(@PathVariable String userId, Authentication caller) {
        return cleanup.removeEverywhere(Ids.parse("user_id", userId), Callers.requesterOf(caller));
    }
}
