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
 * One filter chain for the orchestrator (the JWKS keeps deletion-core's own): deletion-core's
 * {@link PublicEndpoints} (actuator health, info, prometheus and jwks, wherever actuator is
 * served, and the OpenAPI document) are public; creating, cancelling and reading one job take an
 * ops user or tenant-service's service token (scope {@code deletion-jobs.write}, or {@code
 * deletion-jobs.read} to read); everything else under {@code /api/v1} takes an ops user ({@value
 * OpsAuthorities#DELETION_OPS}). A bearer token goes to deletion-core's service-token validation
 * when its (unverified) issuer is a trusted service, else to deletion-core's user-token decoder;
 * both verify the signature before anything is granted. Failures are RFC 9457 problems (401, 403).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String JOB_ID = "jobId";

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
        return bearerTokens
                .configure(
                        http, serviceTokens.authenticationManagerResolver(userTokenDecoder, authorities::ofUserToken))
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(PublicEndpoints.requests())
                        .permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.PUT, "/api/v1/deletion-jobs/{" + JOB_ID + "}"))
                        .access(jobWrite)
                        .requestMatchers(
                                paths.matcher(HttpMethod.POST, "/api/v1/deletion-jobs/{" + JOB_ID + "}/cancel"))
                        .access(jobWrite)
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/api/v1/deletion-jobs/{" + JOB_ID + "}"))
                        .access(jobRead)
                        .requestMatchers(paths.matcher("/api/v1/**"))
                        .hasAuthority(OpsAuthorities.DELETION_OPS)
                        .anyRequest()
                        .authenticated())
                .build();
    }
}
