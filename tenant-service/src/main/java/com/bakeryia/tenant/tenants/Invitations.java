package com.bakeryia.tenant.tenants;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of {@code tenant_invitations}: pending invitations, deleted once answered. */
@Component
public class Invitations {

    private static final String INSERT = """
            INSERT INTO tenant.tenant_invitations (invitation_id, tenant_id, user_id, role, invited_by, created_at)
            VALUES (:invitationId, :tenantId, :userId, :role, :invitedBy, :createdAt)
            """;
    private static final String COLUMNS = """
            SELECT i.invitation_id, i.tenant_id, t.name, i.user_id, i.role, i.invited_by, i.created_at
            FROM tenant.tenant_invitations i JOIN tenant.tenants t ON t.tenant_id = i.tenant_id
            """;
    private static final String OF_USER = COLUMNS + " WHERE i.user_id = :userId ORDER BY i.created_at, i.invitation_id";
    private static final String OF_USER_IN_TENANT = COLUMNS + " WHERE i.tenant_id = :tenantId AND i.user_id = :userId";
    private static final String ONE = COLUMNS + " WHERE i.invitation_id = :invitationId";
    private static final String ONE_FOR_UPDATE = ONE + " FOR UPDATE OF i";
    private static final String DELETE_ONE =
            "DELETE FROM tenant.tenant_invitations WHERE invitation_id = :invitationId";
    private static final String DELETE_OWNERSHIP_OFFERS =
            "DELETE FROM tenant.tenant_invitations WHERE tenant_id = :tenantId AND role = 'OWNER'";
    private static final String DELETE_INVOLVING =
            "DELETE FROM tenant.tenant_invitations WHERE user_id = :userId OR invited_by = :userId";

    private final JdbcClient jdbc;

    Invitations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A pending invitation, with the tenant's name for the invited user. */
    record Invitation(
            UUID invitationId,
            UUID tenantId,
            String tenantName,
            UUID userId,
            MemberRole role,
            UUID invitedBy,
            Instant createdAt) {}

    @Transactional(propagation = Propagation.MANDATORY)
    Invitation add(UUID tenantId, UUID userId, MemberRole role, UUID invitedBy, Instant now) {
        UUID invitationId = UUID.randomUUID();
        jdbc.sql(INSERT)
                .param("invitationId", invitationId)
                .param("tenantId", tenantId)
                .param("userId", userId)
                .param("role", role.name())
                .param("invitedBy", invitedBy)
                .param("createdAt", Timestamp.from(now))
                .update();
        return forUpdate(invitationId).orElseThrow();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Invitation> pending(UUID tenantId, UUID userId) {
        return jdbc.sql(OF_USER_IN_TENANT)
                .param("tenantId", tenantId)
                .param("userId", userId)
                .query(Invitations::invitation)
                .optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    List<Invitation> of(UUID userId) {
        return jdbc.sql(OF_USER)
                .param("userId", userId)
                .query(Invitations::invitation)
                .list();
    }

    /** The invitation, not locked (to learn its tenant, whose row is locked first). */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Invitation> find(UUID invitationId) {
        return jdbc.sql(ONE)
                .param("invitationId", invitationId)
                .query(Invitations::invitation)
                .optional();
    }

    /** The invitation, its row locked until the transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Invitation> forUpdate(UUID invitationId) {
        return jdbc.sql(ONE_FOR_UPDATE)
                .param("invitationId", invitationId)
                .query(Invitations::invitation)
                .optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void delete(UUID invitationId) {
        jdbc.sql(DELETE_ONE).param("invitationId", invitationId).update();
    }

    /** Drops every offer of the tenant's ownership (one was accepted, or the owner changed). */
    @Transactional(propagation = Propagation.MANDATORY)
    void deleteOwnershipOffers(UUID tenantId) {
        jdbc.sql(DELETE_OWNERSHIP_OFFERS).param("tenantId", tenantId).update();
    }

    /**
     * Drops every invitation to or from the user, for their account's deletion.
     *
     * @param userId the user
     * @return how many were dropped
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int deleteInvolving(UUID userId) {
        return jdbc.sql(DELETE_INVOLVING).param("userId", userId).update();
    }

    private static Invitation invitation(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        return new Invitation(
                row.getObject("invitation_id", UUID.class),
                row.getObject("tenant_id", UUID.class),
                row.getString("name"),
                row.getObject("user_id", UUID.class),
                MemberRole.valueOf(row.getString("role")),
                row.getObject("invited_by", UUID.class),
                row.getTimestamp("created_at").toInstant());
    }
}
