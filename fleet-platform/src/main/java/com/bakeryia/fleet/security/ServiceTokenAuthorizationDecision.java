package com.bakeryia.fleet.security;

import org.springframework.security.authorization.AuthorizationDecision;

/** An authorization decision that says why it denied, for the 403 problem detail. */
final class ServiceTokenAuthorizationDecision extends AuthorizationDecision {

    private static final ServiceTokenAuthorizationDecision GRANTED = new ServiceTokenAuthorizationDecision(true, "");

    private final String reason;

    private ServiceTokenAuthorizationDecision(boolean granted, String reason) {
        super(granted);
        this.reason = reason;
    }

    static ServiceTokenAuthorizationDecision granted() {
        return GRANTED;
    }

    static ServiceTokenAuthorizationDecision denied(String reason) {
        return new ServiceTokenAuthorizationDecision(false, reason);
    }

    String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return isGranted()
                ? "ServiceTokenAuthorizationDecision [granted]"
                : "ServiceTokenAuthorizationDecision [denied: " + reason + "]";
    }
}
