package com.bakeryia.orchestrator.security;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.security.BearerTokenSecurity;
import com.bakeryia.fleet.security.PublicEndpoints;
import com.bakeryia.fleet.security.ServiceTokenAuthentication;
import com.bakeryia.fleet.security.UserRoles;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * One filter chain for the orchestrator (the JWKS keeps deletion-core's own), listing every
 * endpoint and ending in {@code denyAll()}, so a route nobody listed here is refused whoever
 * calls it:
 *
 * <ul>
 *   <li>public: deletion-core's {@link PublicEndpoints} (actuator health, info, prometheus and jwks,
 *       wherever actuator is served, and the OpenAPI document) and the receipts' key set;
 *   <li>creating and cancelling a job: tenant-service's service token (scope {@code
 *       deletion-jobs.write}, bound to the job), or a {@value OpsAuthorities#DELETION_ADMIN} user, whose
 *       request waits for a second administrator's approval;
 *   <li>reading one job: tenant-service (scope {@code deletion-jobs.read}), or an operator or
 *       administrator;
 *   <li>expediting and approving, placing and lifting a tenant's legal hold: {@value
 *       OpsAuthorities#DELETION_ADMIN} only (never a service token, whatever its scope);
 *   <li>reading a tenant's legal hold: tenant-service (scope {@code deletion-jobs.read}, {@code
 *       tenant_id} the path's), or an operator or administrator;
 *   <li>listing, audit trail, receipt, preview and retry: {@value OpsAuthorities#DELETION_OPS} or
 *       {@value OpsAuthorities#DELETION_ADMIN}.
 * </ul>
 *
 * A user's roles are read only from the claim {@code deletion.user-tokens.roles-claim} names
 * ({@link UserRoles}). A bearer token goes to deletion-core's service-token validation when its
 * (unverified) issuer is a trusted service, else to fleet-platform's user-token decoder; both
 * verify the signature before anything is granted. Failures are RFC 9457 problems (401, 403).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String JOB_ID = "jobId";
    private static final String JOB = "/api/v1/deletion-jobs/{" + JOB_ID + "}";
    private static final String TENANT_ID = "tenantId";
    private static final String LEGAL_HOLD = "/api/v1/tenants/{" + TENANT_ID + "}/legal-hold";
    private static final String[] OPS_OR_ADMIN = {OpsAuthorities.DELETION_OPS, OpsAuthorities.DELETION_ADMIN};

    @Bean
    SecurityFilterChain orchestratorSecurityFilterChain(
            HttpSecurity http,
            ServiceTokenAuthentication serviceTokens,
            JwtDecoder userTokenDecoder,
            BearerTokenSecurity bearerTokens,
            FleetProperties fleet)
            throws Exception {
        OpsAuthorities authorities =
                new OpsAuthorities(UserRoles.at(fleet.userTokens().rolesClaim()));
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        JobWriteAuthorization jobWrite = JobWriteAuthorization.write(JOB_ID);
        JobWriteAuthorization jobRead = JobWriteAuthorization.read(JOB_ID);
        JobWriteAuthorization tenantRead = JobWriteAuthorization.tenantRead(TENANT_ID);
        return bearerTokens
                .configure(
                        http, serviceTokens.authenticationManagerResolver(userTokenDecoder, authorities::ofUserToken))
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(PublicEndpoints.requests())
                        .permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/.well-known/receipt-jwks.json"))
                        .permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.PUT, JOB))
                        .access(jobWrite)
                        .requestMatchers(paths.matcher(HttpMethod.POST, JOB + "/cancel"))
                        .access(jobWrite)
                        .requestMatchers(
                                paths.matcher(HttpMethod.GET, JOB), paths.matcher(HttpMethod.GET, JOB + "/receipt"))
                        .access(jobRead)
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/api/v1/tenants/{tenantId}/export"))
                        .access(TenantServiceExport.AUTHORIZATION)
                        .requestMatchers(
                                paths.matcher(HttpMethod.GET, LEGAL_HOLD),
                                paths.matcher(HttpMethod.GET, LEGAL_HOLD + "s"))
                        .access(tenantRead)
                        .requestMatchers(
                                paths.matcher(HttpMethod.POST, JOB + "/expedite"),
                                paths.matcher(HttpMethod.POST, JOB + "/approvals/{requestId}"),
                                paths.matcher(HttpMethod.PUT, LEGAL_HOLD),
                                paths.matcher(HttpMethod.DELETE, LEGAL_HOLD))
                        .hasAuthority(OpsAuthorities.DELETION_ADMIN)
                        .requestMatchers(
                                paths.matcher(HttpMethod.GET, "/api/v1/deletion-jobs"),
                                paths.matcher(HttpMethod.GET, JOB + "/audit"),
                                paths.matcher(HttpMethod.POST, JOB + "/retry"),
                                paths.matcher(HttpMethod.GET, "/api/v1/tenants/{tenantId}/deletion-preview"))
                        .hasAnyAuthority(OPS_OR_ADMIN)
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
