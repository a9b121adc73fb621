package com.bakeryia.fleet.token;

/** Names of the claims a service token carries besides the registered ones. */
public final class ServiceTokenClaims {

    /** The one tenant the call acts on (canonical UUID text). */
    public static final String TENANT_ID = "tenant_id";

    /**
     * The one user the call acts on (canonical UUID text), for a call about a user rather than a
     * tenant (removing a deleted account's memberships); such a token carries no {@link #TENANT_ID}.
     */
    public static final String USER_ID = "user_id";

    /** The deletion job the call belongs to. */
    public static final String JOB_ID = "job_id";

    /** Space-separated scopes, see {@link ServiceTokenScopes}. */
    public static final String SCOPE = "scope";

    private ServiceTokenClaims() {}
}
