package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Item 9 of issue 15: nobody becomes a member or the owner of a tenant without accepting. */
class InvitationsIntegrationTests extends TenantServiceIntegrationTest {

    private static final String PROBLEM = "urn:bakery-ia:problem:";

    @Test
    void anInvitedUserIsNoMemberUntilTheyAccept() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Invitación");
        UUID user = UUID.randomUUID();

        UUID invitation = api.invite(owner, tenant, user, "ADMIN");

        Response before = api.as(user, "GET", "/api/v1/tenants/" + tenant, null);
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.problemType()).isEqualTo(PROBLEM + "tenant-not-found");
        assertThat(rows("tenant_members", tenant)).isEqualTo(1);
        Response mine = api.as(user, "GET", "/api/v1/tenants/invitations", null);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().get("invitations")).hasSize(1);
        assertThat(mine.json().get("invitations").get(0).get("invitation_id").asText())
                .isEqualTo(invitation.toString());
        assertThat(mine.json().get("invitations").get(0).get("role").asText()).isEqualTo("ADMIN");
        assertThat(mine.json().get("invitations").get(0).get("tenant_name").asText())
                .isEqualTo("Invitación");

        api.accept(user, invitation);

        Response after = api.as(user, "GET", "/api/v1/tenants/" + tenant, null);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("your_role").asText()).isEqualTo("ADMIN");
        assertThat(rows("tenant_invitations", tenant)).isZero();
    }

    @Test
    void onlyTheInvitedUserSeesAndAnswersAnInvitationAnyoneElseGets404() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Ajena");
        UUID user = UUID.randomUUID();
        UUID invitation = api.invite(owner, tenant, user, "MEMBER");

        for (UUID someoneElse : new UUID[] {owner, UUID.randomUUID()}) {
            for (String answer : new String[] {"accept", "decline"}) {
                Response refused =
                        api.as(someoneElse, "POST", "/api/v1/tenants/invitations/" + invitation + "/" + answer, null);
                assertThat(refused.status()).as(refused.body()).isEqualTo(404);
                assertThat(refused.problemType()).isEqualTo(PROBLEM + "invitation-not-found");
            }
            assertThat(api.as(someoneElse, "GET", "/api/v1/tenants/invitations", null)
                            .json()
                            .get("invitations"))
                    .isEmpty();
        }
        Response unknown = api.as(user, "POST", "/api/v1/tenants/invitations/" + UUID.randomUUID() + "/accept", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(rows("tenant_invitations", tenant)).isEqualTo(1);
        assertThat(rows("tenant_members", tenant)).isEqualTo(1);
        assertThat(api.call("GET", "/api/v1/tenants/invitations", null, null).status())
                .isEqualTo(401);
    }

    @Test
    void aDeclinedInvitationIsGoneAndMakesNoMember() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "No gracias");
        UUID user = UUID.randomUUID();
        UUID invitation = api.invite(owner, tenant, user, "MEMBER");

        Response declined = api.as(user, "POST", "/api/v1/tenants/invitations/" + invitation + "/decline", null);
        Response acceptedAfter = api.as(user, "POST", "/api/v1/tenants/invitations/" + invitation + "/accept", null);

        assertThat(declined.status()).as(declined.body()).isEqualTo(200);
        assertThat(declined.json().get("status").asText()).isEqualTo("DECLINED");
        assertThat(acceptedAfter.status()).isEqualTo(404);
        assertThat(rows("tenant_members", tenant)).isEqualTo(1);
        assertThat(api.as(user, "GET", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(404);
    }

    @Test
    void anInvitationToATenantPendingDeletionCannotBeAccepted() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Se borra");
        UUID user = UUID.randomUUID();
        UUID invitation = api.invite(owner, tenant, user, "MEMBER");
        assertThat(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(202);

        Response accepted = api.as(user, "POST", "/api/v1/tenants/invitations/" + invitation + "/accept", null);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(409);
        assertThat(accepted.problemType()).isEqualTo(PROBLEM + "tenant-deletion-pending");
        assertThat(rows("tenant_members", tenant)).isEqualTo(1);
    }

    @Test
    void aUserIsInvitedOnceAndAMemberNotAtAll() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Una vez");
        UUID user = UUID.randomUUID();
        api.invite(owner, tenant, user, "MEMBER");

        Response again = invite(owner, tenant, user, "ADMIN");
        Response theOwner = invite(owner, tenant, owner, "MEMBER");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo(PROBLEM + "already-invited");
        assertThat(theOwner.status()).isEqualTo(409);
        assertThat(theOwner.problemType()).isEqualTo(PROBLEM + "already-a-member");
    }

    @Test
    void theInvitedUsersAccountCleanupDropsTheirInvitationsAndIsNotBlockedByThem() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sin admin");
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, member, "MEMBER");
        UUID invited = UUID.randomUUID();
        api.invite(owner, tenant, invited, "MEMBER");
        UUID invitedsOwn = api.createTenant(invited, "Propia");
        api.invite(invited, invitedsOwn, UUID.randomUUID(), "ADMIN");

        Response cleanup = api.call(
                "DELETE", "/api/v1/tenants/user/" + invited + "/memberships", TestFleet.userToken(invited), null);

        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM tenant.tenant_invitations WHERE user_id = ? OR invited_by = ?",
                        Long.class,
                        invited,
                        invited))
                .isZero();
        assertThat(rows("tenant_members", tenant)).isEqualTo(2);
    }

    @Test
    void anOwnersCleanupDeletesATenantWhoseOnlyOtherPeopleAreInvitedNotBlockingOnThem() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sólo invitados");
        api.invite(owner, tenant, UUID.randomUUID(), "MEMBER");

        Response cleanup =
                api.call("DELETE", "/api/v1/tenants/user/" + owner + "/memberships", TestFleet.userToken(owner), null);

        assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
        assertThat(cleanup.json().get("tenants").get(0).get("action").asText()).isEqualTo("TENANT_DELETION_REQUESTED");
    }

    @Test
    void anOwnershipOfferIsStaleOnceTheOffererNoLongerOwnsTheTenant() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Oferta vieja");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        api.addMember(owner, tenant, first, "ADMIN");
        api.addMember(owner, tenant, second, "ADMIN");
        UUID toFirst = api.offerOwnership(owner, tenant, first);
        UUID toSecond = api.offerOwnership(owner, tenant, second);
        api.accept(first, toFirst);

        Response late = api.as(second, "POST", "/api/v1/tenants/invitations/" + toSecond + "/accept", null);

        assertThat(late.status()).as(late.body()).isIn(404, 409);
        assertThat(jdbc.queryForObject(
                        "SELECT user_id FROM tenant.tenant_members WHERE tenant_id = ? AND role = 'OWNER'",
                        UUID.class,
                        tenant))
                .isEqualTo(first);
    }

    private Response invite(UUID caller, UUID tenant, UUID user, String role) {
        return api.as(
                caller,
                "POST",
                "/api/v1/tenants/" + tenant + "/members",
                "{\"user_id\":\"" + user + "\",\"role\":\"" + role + "\"}");
    }
}
