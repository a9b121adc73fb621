package com.bakeryia.fleet.security;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What every security filter chain of the fleet lets anyone read without a token:
 *
 * <ul>
 *   <li>the actuator endpoints {@code health} (with the liveness and readiness probes), {@code
 *       info}, {@code prometheus} and {@code jwks} (the public signing keys of a service that signs
 *       tokens), wherever actuator is served: on the management port when {@code
 *       management.server.port} is set, else on the application port;
 *   <li>the OpenAPI document, {@code GET /v3/api-docs} (and springdoc's groups below it), on the
 *       application port;
 *   <li>the public keys of the orchestrator's deletion receipts, {@code GET
 *       /.well-known/receipt-jwks.json}, on the application port (a service without receipts answers 404).
 * </ul>
 *
 * A chain permits them first:
 *
 * <pre>{@code
 * requests.requestMatchers(PublicEndpoints.requests()).permitAll()
 * }</pre>
 */
public final class PublicEndpoints {

    private static final String[] ACTUATOR_ENDPOINTS = {"health", "info", "prometheus", "jwks"};

    /** Where the orchestrator publishes the public keys of its deletion receipts. */
    public static final String RECEIPT_JWKS_PATH = "/.well-known/receipt-jwks.json";

    /** Where springdoc serves the OpenAPI document (its default). */
    public static final String API_DOCS_PATH = "/v3/api-docs";

    private PublicEndpoints() {}

    /**
     * Matches the public actuator endpoints and the OpenAPI document.
     *
     * @return a new matcher
     */
    public static RequestMatcher requests() {
        return new OrRequestMatcher(actuatorEndpoints(), apiDocs(), receiptJwks());
    }

    /**
     * Matches {@code GET /.well-known/receipt-jwks.json}.
     *
     * @return a new matcher
     */
    public static RequestMatcher receiptJwks() {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, RECEIPT_JWKS_PATH);
    }

    /**
     * Matches the public actuator endpoints (and their sub-paths such as {@code
     * /actuator/health/liveness}), only on the port where actuator is served.
     *
     * @return a new matcher
     */
    public static RequestMatcher actuatorEndpoints() {
        return EndpointRequest.to(ACTUATOR_ENDPOINTS);
    }

    /**
     * Matches {@code GET /v3/api-docs} and {@code GET /v3/api-docs/**}.
     *
     * @return a new matcher
     */
    public static RequestMatcher apiDocs() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(
                paths.matcher(HttpMethod.GET, API_DOCS_PATH), paths.matcher(HttpMethod.GET, API_DOCS_PATH + "/**"));
    }
}
