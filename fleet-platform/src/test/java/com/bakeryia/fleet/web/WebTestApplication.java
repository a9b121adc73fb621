package com.bakeryia.fleet.web;

import com.bakeryia.fleet.security.BearerTokenSecurity;
import com.bakeryia.fleet.security.ServiceTokenAuthentication;
import java.sql.SQLException;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service of the fleet for the tests that need a real embedded server: the paths under
 * {@code /open} need no token, any other path a service token (none is ever valid here), with the
 * platform's 401 problem.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class WebTestApplication {

    static final String SECRET = "password=hunter2 at jdbc:postgresql://db.internal:5432/bakery";
    static final String SQL = "ERROR: permission denied for table tenants; SELECT owner_id FROM tenant.tenants";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain openEndpoints(HttpSecurity http) throws Exception {
        return http.securityMatcher("/open/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    SecurityFilterChain everythingElse(
            HttpSecurity http, BearerTokenSecurity bearerTokens, ServiceTokenAuthentication serviceTokens)
            throws Exception {
        return bearerTokens
                .configure(http, serviceTokens.authenticationManagerResolver())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .build();
    }

    @RestController
    static class Endpoints {

        @PostMapping("/open/echo")
        Map<String, Object> open(@RequestBody Map<String, Object> body) {
            return Map.of("fields", body.size());
        }

        @PostMapping("/closed")
        Map<String, Object> closed(@RequestBody Map<String, Object> body) {
            return Map.of("fields", body.size());
        }

        @GetMapping("/open/secret")
        String secret() {
            throw new IllegalStateException("Cannot connect with " + SECRET);
        }

        @GetMapping("/open/sql")
        String sql() throws SQLException {
            throw new SQLException(SQL, "42501");
        }

        @GetMapping("/open/refused")
        String refused() {
            throw new FleetProblemException(FleetProblem.INVALID_REQUEST, "The page size must be at most 100");
        }
    }
}
