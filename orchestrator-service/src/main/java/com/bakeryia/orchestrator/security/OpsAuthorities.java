package com.bakeryia.orchestrator.security;

/** The names the orchestrator's authorization rests on. */
public final class OpsAuthorities {

    /** The role (in a user token's {@code roles} or {@code scope}) and authority of operators. */
    public static final String DELETION_OPS = "deletion-ops";

    /** The only service whose tokens may create and cancel jobs. */
    public static final String TENANT_SERVICE = "tenant-service";

    private OpsAuthorities() {}
}
