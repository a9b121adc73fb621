package com.bakeryia.tenant.tenants;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The JSON bodies the tenant endpoints accept (snake_case); any other field is refused with 400.
 * Ids are UUIDs, read strictly (only the canonical form) by the fleet's Jackson module.
 */
final class TenantRequests {

    private TenantRequests() {}

    /** {@code POST /api/v1/tenants}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CreateTenant(@NotBlank @Size(max = 200) @Nullable String name) {}

    /** {@code POST /api/v1/tenants/{id}/members}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AddMember(
            @NotNull @Nullable UUID userId,
            @NotNull @Nullable MemberRole role) {}

    /** {@code PUT /api/v1/tenants/{id}/members/{userId}/role}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChangeRole(@NotNull @Nullable MemberRole role) {}

    /** {@code POST /api/v1/tenants/{id}/transfer-ownership}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TransferOwnership(@NotNull @Nullable UUID newOwnerId) {}

    /** {@code PUT /api/v1/tenants/{id}/settings}: every field, replacing the settings. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReplaceSettings(
            @NotBlank @Size(max = 64) @Nullable String timeZone,

            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") @Nullable
            String currency,

            @NotNull
            @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag such as es or es-ES")
            @Nullable
            String locale) {}
}
