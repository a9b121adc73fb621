package com.bakeryia.deletion.web;

import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.token.CanonicalUuid;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet application named {@code test-service} with stand-ins for the two deletion endpoints,
 * secured by the library's chains. Its auto-configurations are listed in {@code
 * META-INF/spring/com.bakeryia.deletion.web.SecurityTestApplication.imports}, so no database
 * and no other part of deletion-core takes part.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration
class SecurityTestApplication {

    static final String FAILING_TENANT = "00000000-0000-0000-0000-000000000000";

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity("test-service");
    }

    /** Registered as a member class of this configuration. */
    @RestController
    static class TenantEndpoints {

        @GetMapping("/api/v1/test/tenant/{tenantId}/deletion-preview")
        ResponseEntity<?> preview(@PathVariable String tenantId) {
            return answer(tenantId, "preview");
        }

        @DeleteMapping("/api/v1/test/tenant/{tenantId}")
        ResponseEntity<?> delete(@PathVariable String tenantId) {
            return answer(tenantId, "delete");
        }

        private static ResponseEntity<?> answer(String tenantId, String operation) {
            if (!CanonicalUuid.isCanonical(tenantId)) {
                return ResponseEntity.of(ProblemDetail.forStatusAndDetail(
                                HttpStatus.BAD_REQUEST, "Tenant id '" + tenantId + "' is not a canonical UUID"))
                        .build();
            }
            if (FAILING_TENANT.equals(tenantId)) {
                throw new IllegalStateException("Endpoint failure for tenant " + tenantId);
            }
            return ResponseEntity.ok(Map.of("tenant_id", tenantId, "operation", operation));
        }
    }
}
