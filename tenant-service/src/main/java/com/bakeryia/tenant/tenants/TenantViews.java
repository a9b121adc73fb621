package com.bakeryia.tenant.tenants;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The JSON the tenant endpoints answer with (snake_case). */
final class TenantViews {

    private TenantViews() {}

    /** A tenant as its members see it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TenantView(
            UUID tenantId,
            String name,
            TenantStatus status,
            Instant createdAt,
            MemberRole yourRole,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            PendingDeletion deletion) {

        static TenantView of(Membership membership) {
            Tenant tenant = membership.tenant();
            UUID jobId = tenant.deletionJobId();
            PendingDeletion deletion = tenant.isDeletionPending() && jobId != null
                    ? new PendingDeletion(
                            jobId, tenant.deletionRequestedAt(), tenant.deletionNotBefore(), tenant.deletionJobStatus())
                    : null;
            return new TenantView(
                    tenant.id(), tenant.name(), tenant.status(), tenant.createdAt(), membership.role(), deletion);
        }
    }

    /**
     * The deletion of a tenant pending deletion.
     *
     * @param jobStatus the orchestrator's status of the job as last read (null until the request
     *     is delivered): a FAILED job is shown to the owner
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PendingDeletion(
            UUID jobId,
            @Nullable Instant requestedAt,
            @Nullable Instant notBefore,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            String jobStatus) {}

    /** A member. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MemberView(UUID userId, MemberRole role, Instant joinedAt) {

        static MemberView of(TenantMember member) {
            return new MemberView(member.userId(), member.role(), member.joinedAt());
        }
    }

    /** Members of a tenant. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MembersView(UUID tenantId, List<MemberView> members) {}

    /** The owner and admins of a tenant. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AdminsView(UUID tenantId, List<MemberView> admins) {}

    /** A tenant's settings. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SettingsView(UUID tenantId, String timeZone, String currency, String locale, Instant updatedAt) {

        static SettingsView of(UUID tenantId, TenantSettings settings) {
            return new SettingsView(
                    tenantId, settings.timeZone(), settings.currency(), settings.locale(), settings.updatedAt());
        }
    }

    /**
     * A pending invitation: to join as MEMBER or ADMIN, or (role OWNER) to take over the tenant's
     * ownership; the invited user accepts or declines it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record InvitationView(
            UUID invitationId,
            UUID tenantId,
            String tenantName,
            UUID userId,
            MemberRole role,
            UUID invitedBy,
            Instant createdAt,
            String status) {

        static InvitationView pending(Invitations.Invitation invitation) {
            return of(invitation, "PENDING");
        }

        static InvitationView of(Invitations.Invitation invitation, String status) {
            return new InvitationView(
                    invitation.invitationId(),
                    invitation.tenantId(),
                    invitation.tenantName(),
                    invitation.userId(),
                    invitation.role(),
                    invitation.invitedBy(),
                    invitation.createdAt(),
                    status);
        }
    }

    /** The caller's pending invitations, oldest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record InvitationsView(UUID userId, List<InvitationView> invitations) {}
}
