package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OwnershipTransferIntegrationTests extends TenantServiceIntegrationTest {

    @Test
    void theNewOwnerTakesOverAndTheOldOwnerBecomesAdminWithoutDeleteRights() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Relevo");
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, member, "MEMBER");

        Response transfer = transfer(owner, tenant, member);

        assertThat(transfer.status()).as(transfer.body()).isEqualTo(202);
        assertThat(transfer.json().get("role").asText()).isEqualTo("OWNER");
        assertThat(role(tenant, member))
                .as("nothing changes before the new owner accepts")
                .isEqualTo("MEMBER");
        assertThat(role(tenant, owner)).isEqualTo("OWNER");
        api.accept(member, UUID.fromString(transfer.json().get("invitation_id").asText()));
        assertThat(role(tenant, member)).isEqualTo("OWNER");
        assertThat(role(tenant, owner)).isEqualTo("ADMIN");
        Response oldOwnerDeletes = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(oldOwnerDeletes.status()).isEqualTo(403);
        assertThat(rows("tenant_deletion_outbox", tenant)).isZero();
        assertThat(TestFleet.ORCHESTRATOR.creationsFor(tenant)).isEmpty();
        assertThat(api.as(member, "DELETE", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(202);
    }

    @Test
    void onlyTheCurrentOwnerTransfers() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Mando");
        UUID admin = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, member, "MEMBER");

        Response byAdmin = transfer(admin, tenant, member);
        Response byStranger = transfer(UUID.randomUUID(), tenant, member);

        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(role(tenant, owner)).isEqualTo("OWNER");
    }

    @Test
    void theNewOwnerMustBeACurrentMemberOtherThanTheOwner() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Destino");
        UUID removed = UUID.randomUUID();
        api.addMember(owner, tenant, removed, "MEMBER");
        api.as(owner, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + removed, null);

        Response toStranger = transfer(owner, tenant, UUID.randomUUID());
        Response toFormerMember = transfer(owner, tenant, removed);
        Response toSelf = transfer(owner, tenant, owner);

        for (Response refused : new Response[] {toStranger, toFormerMember, toSelf}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.problemType()).isEqualTo("urn:bakery-ia:problem:transfer-target-invalid");
        }
        assertThat(role(tenant, owner)).isEqualTo("OWNER");
    }

    @Test
    void theTransferIsAtomicUnderConcurrentTransfers() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Carrera");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        api.addMember(owner, tenant, first, "ADMIN");
        api.addMember(owner, tenant, second, "ADMIN");

        UUID toFirstOffer = api.offerOwnership(owner, tenant, first);
        UUID toSecondOffer = api.offerOwnership(owner, tenant, second);

        var byFirst = CompletableFuture.supplyAsync(() -> accept(first, toFirstOffer));
        var bySecond = CompletableFuture.supplyAsync(() -> accept(second, toSecondOffer));

        List<Integer> statuses = List.of(byFirst.get().status(), bySecond.get().status());
        assertThat(statuses).containsOnlyOnce(200);
        assertThat(statuses).anyMatch(status -> status == 404 || status == 409);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM tenant.tenant_members WHERE tenant_id = ? AND role = 'OWNER'",
                        Long.class,
                        tenant))
                .isEqualTo(1L);
        assertThat(role(tenant, owner)).isEqualTo("ADMIN");
    }

    private Response accept(UUID user, UUID invitation) {
        return api.as(user, "POST", "/api/v1/tenants/invitations/" + invitation + "/accept", null);
    }

    private Response transfer(UUID caller, UUID tenant, UUID newOwner) {
        return api.as(
                caller,
                "POST",
                "/api/v1/tenants/" + tenant + "/transfer-ownership",
                "{\"new_owner_id\":\"" + newOwner + "\"}");
    }

    private String role(UUID tenant, UUID user) {
        return jdbc.queryForObject(
                "SELECT role FROM tenant.tenant_members WHERE tenant_id = ? AND user_id = ?",
                String.class,
                tenant,
                user);
    }
}
