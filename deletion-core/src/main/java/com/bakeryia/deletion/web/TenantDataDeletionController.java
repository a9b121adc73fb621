package com.bakeryia.deletion.web;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.DeletionPreview;
import com.bakeryia.deletion.DeletionResult;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.token.CanonicalUuid;
import com.bakeryia.deletion.token.ServiceTokenClaims;
import java.security.Principal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two endpoints every tenant-data service serves, under {@code /api/v1/{svc}} (the prefix is
 * added by {@link DeletionWebAutoConfiguration}).
 */
@RestController
@RequestMapping("/tenant/{tenantId}")
class TenantDataDeletionController {

    private final ObjectProvider<TenantDataDeletionService> service;

    TenantDataDeletionController(ObjectProvider<TenantDataDeletionService> service) {
        this.service = service;
    }

    @GetMapping("/deletion-preview")
    DeletionPreview preview(@PathVariable String tenantId) {
        return service.getObject().preview(parse(tenantId));
    }

    @DeleteMapping
    ResponseEntity<DeletionResult> delete(@PathVariable String tenantId, @Nullable Principal principal) {
        DeletionResult result = service.getObject().delete(parse(tenantId), contextOf(principal));
        return ResponseEntity.status(result.success() ? HttpStatus.OK : HttpStatus.INTERNAL_SERVER_ERROR)
                .body(result);
    }

    private static UUID parse(String tenantId) {
        if (!CanonicalUuid.isCanonical(tenantId)) {
            throw new InvalidTenantIdException(tenantId);
        }
        return UUID.fromString(tenantId);
    }

    private static DeletionContext contextOf(@Nullable Principal principal) {
        if (principal instanceof JwtAuthenticationToken token) {
            return new DeletionContext(
                    token.getToken().getClaimAsString(ServiceTokenClaims.JOB_ID),
                    token.getToken().getSubject());
        }
        return DeletionContext.none();
    }
}
