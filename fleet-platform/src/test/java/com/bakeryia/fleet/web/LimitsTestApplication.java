package com.bakeryia.fleet.web;

import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service of the fleet for the tests that need a real embedded server: {@code POST /open}
 * reads a JSON body without a token, {@code POST /closed} needs one (no token is ever valid here).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class LimitsTestApplication {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain openEndpoint(HttpSecurity http) throws Exception {
        return http.securityMatcher(request -> "/open".equals(request.getRequestURI()))
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, "/open")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @RestController
    static class Endpoints {

        @PostMapping("/open")
        Map<String, Object> open(@RequestBody Map<String, Object> body) {
            return Map.of("fields", body.size());
        }

        @PostMapping("/closed")
        Map<String, Object> closed(@RequestBody Map<String, Object> body) {
            return Map.of("fields", body.size());
        }
    }
}
