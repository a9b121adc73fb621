package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.ApiResponse;
import com.bakeryia.tools.FleetApi;
import com.bakeryia.tools.FleetService;
import com.bakeryia.tools.TenantSeeder;
import com.bakeryia.tools.Tokens;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 7: who may erase what, over real HTTP between real processes. */
@ExtendWith(FleetExtension.class)
class SecurityE2eTests {

    @Test
    void onlyTheOwnerMayRequestTheErasureOfTheirTenant(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(120);
        UUID admin = UUID.randomUUID();
        fleet.api()
                .addMember(
                        tenant.ownerToken(), tenant.id(), admin, fleet.tokens().user(admin), "ADMIN");
        FleetApi api = fleet.api();
        Tokens tokens = fleet.tokens();
        Supplier<Map<String, String>> tenantChecksums = () -> fleet.database().checksums(tenant.id());
        Map<String, String> before = tenantChecksums.get();
        assertThat(fleet.database().residue(tenant.id()))
                .as("the tenant's data")
                .isNotEmpty();

        assertRejected(
                api.requestDeletion(tokens.user(admin), tenant.id()),
                403,
                "an admin who is not the owner",
                tenantChecksums,
                before);
        assertRejected(
                api.requestDeletion(tokens.user(UUID.randomUUID()), tenant.id()),
                404,
                "a stranger",
                tenantChecksums,
                before);
        SeededTenant other = fleet.seedTenant(0);
        assertRejected(
                api.requestDeletion(other.ownerToken(), tenant.id()),
                404,
                "the owner of another tenant",
                tenantChecksums,
                before);
        assertRejected(api.requestDeletion(null, tenant.id()), 401, "no token", tenantChecksums, before);
        Instant past = Instant.now().minus(Duration.ofHours(2));
        assertRejected(
                api.requestDeletion(tokens.user(tenant.owner(), past, past.plus(Duration.ofHours(1))), tenant.id()),
                401,
                "the owner's expired token",
                tenantChecksums,
                before);
        String forged = tokens.user(tenant.owner());
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA"
                + forged.substring(forged.lastIndexOf('.') + 5);
        assertRejected(
                api.requestDeletion(forged, tenant.id()),
                401,
                "a token with a forged signature",
                tenantChecksums,
                before);

        var still = api.send("GET", api.tenantUrl("/api/v1/tenants/" + tenant.id()), tenant.ownerToken(), null);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.body().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aDomainServiceAcceptsOnlyTheOrchestratorsTokenForThePathsTenant(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(120);
        UUID otherTenant = UUID.randomUUID();
        FleetApi api = fleet.api();
        Tokens tokens = fleet.tokens();
        FleetService orders = FleetService.named("orders-service");
        String delete = api.deletionUrl(orders, tenant.id());
        String preview = api.deletionPreviewUrl(orders, tenant.id());
        Supplier<Map<String, String>> ordersChecksums =
                () -> fleet.database().inspector(orders.schema()).checksums(tenant.id());
        Map<String, String> before = ordersChecksums.get();
        assertThat(fleet.database().inspector(orders.schema()).totalRows(tenant.id()))
                .as("the tenant's rows in orders")
                .isPositive();

        assertRejected(
                api.send("DELETE", delete, tenant.ownerToken(), null),
                401,
                "the owner's user token",
                ordersChecksums,
                before);
        assertRejected(
                api.send("DELETE", delete, tokens.ops(), null), 401, "an ops user's token", ordersChecksums, before);
        assertRejected(api.send("DELETE", delete, null, null), 401, "no token", ordersChecksums, before);
        assertRejected(
                api.send(
                        "DELETE",
                        delete,
                        tokens.orchestratorServiceToken(
                                "orders-service", otherTenant, "tenant-data.delete", Duration.ofMinutes(2)),
                        null),
                403,
                "the orchestrator's token for another tenant",
                ordersChecksums,
                before);
        assertRejected(
                api.send(
                        "DELETE",
                        delete,
                        tokens.orchestratorServiceToken(
                                "inventory-service", tenant.id(), "tenant-data.delete", Duration.ofMinutes(2)),
                        null),
                403,
                "the orchestrator's token for another service",
                ordersChecksums,
                before);
        assertRejected(
                api.send(
                        "DELETE",
                        delete,
                        tokens.orchestratorServiceToken(
                                "orders-service", tenant.id(), "tenant-data.preview", Duration.ofMinutes(2)),
                        null),
                403,
                "a preview-only token",
                ordersChecksums,
                before);

        var allowedPreview = api.send(
                "GET",
                preview,
                tokens.orchestratorServiceToken(
                        "orders-service", tenant.id(), "tenant-data.preview", Duration.ofMinutes(2)),
                null);
        assertThat(allowedPreview.status()).as(allowedPreview.raw()).isEqualTo(200);
        assertThat(api.json()
                        .convertValue(allowedPreview.body(), DeletionPreview.class)
                        .total())
                .isPositive();
    }

    @Test
    void theOrchestratorsJobApiIsForOpsUsersOnly(RunningFleet fleet) {
        FleetApi api = fleet.api();
        String jobs = api.orchestratorUrl("/api/v1/deletion-jobs?size=1");
        assertProblem(api.send("GET", jobs, null, null), 401, "no token");
        assertProblem(
                api.send("GET", jobs, fleet.tokens().user(UUID.randomUUID()), null),
                403,
                "a user without deletion-ops");
        assertThat(api.send("GET", jobs, fleet.tokens().ops(), null).status()).isEqualTo(200);
        assertProblem(
                api.send(
                        "PUT",
                        api.orchestratorUrl("/api/v1/deletion-jobs/" + UUID.randomUUID()),
                        fleet.tokens().user(UUID.randomUUID()),
                        Map.of("tenant_id", UUID.randomUUID().toString(), "requested_by", "me")),
                403,
                "a user creating a job directly");
    }

    /**
     * Four eyes across the processes: an ops user may not create a job; an administrator's job
     * (no owner's request) waits, with the tenant's rows untouched, until a second administrator
     * approves it (the requester's own approval is refused); the receipt names both and the reason,
     * and is refused as a token by a domain service.
     */
    @Test
    void anAdministratorsErasureWaitsForASecondAdministratorAndItsReceiptIsNoToken(RunningFleet fleet)
            throws Exception {
        SeededTenant tenant = fleet.seedTenant(120);
        FleetApi api = fleet.api();
        Tokens tokens = fleet.tokens();
        UUID requester = UUID.randomUUID();
        UUID approver = UUID.randomUUID();
        String firstAdmin = tokens.user(requester, "deletion-admin");
        String secondAdmin = tokens.user(approver, "deletion-admin");
        UUID job = UUID.randomUUID();
        String jobUrl = api.orchestratorUrl("/api/v1/deletion-jobs/" + job);
        Supplier<Map<String, String>> tenantChecksums = () -> fleet.database().checksums(tenant.id());
        Map<String, String> before = tenantChecksums.get();
        String reason = "Court order 2026-117: the bakery's owner cannot be reached";
        Map<String, String> request =
                Map.of("tenant_id", tenant.id().toString(), "requested_by", "dpo@bakery-ia.example", "reason", reason);

        assertRejected(api.send("PUT", jobUrl, tokens.ops(), request), 403, "an ops user", tenantChecksums, before);
        assertRejected(
                api.send(
                        "PUT",
                        jobUrl,
                        firstAdmin,
                        Map.of("tenant_id", tenant.id().toString(), "requested_by", "dpo@bakery-ia.example")),
                400,
                "an administrator without a reason",
                tenantChecksums,
                before);
        ApiResponse created = api.send("PUT", jobUrl, firstAdmin, request);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("awaiting_approval").asBoolean()).isTrue();
        String approve = api.orchestratorUrl(created.body()
                .path("pending_approvals")
                .path(0)
                .path("links")
                .path("approve")
                .asText());

        Thread.sleep(Duration.ofSeconds(4));
        String ops = tokens.ops();
        assertThat(api.job(ops, job).path("status").asText())
                .as("a job awaiting approval is not started")
                .isEqualTo("PENDING");
        assertThat(tenantChecksums.get()).containsExactlyEntriesOf(before);
        assertProblem(api.send("POST", approve, firstAdmin, null), 403, "the requester approving their own request");
        assertProblem(api.send("POST", approve, ops, null), 403, "an ops user approving");
        assertThat(api.send("POST", approve, secondAdmin, null).status()).isEqualTo(200);

        api.awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(2));
        assertThat(fleet.database().residue(tenant.id())).isEmpty();
        String receipt = api.receipt(ops, job).path("receipt").asText();
        Map<String, Object> claims = SignedJWT.parse(receipt).getJWTClaimsSet().getClaims();
        assertThat(claims.get("admin_actions"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement()
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("action", "CREATE")
                .containsEntry("requested_by", requester.toString())
                .containsEntry("approved_by", approver.toString())
                .containsEntry("reason", reason);
        ApiResponse receiptAsToken = api.send(
                "GET", api.deletionPreviewUrl(FleetService.named("orders-service"), tenant.id()), receipt, null);
        assertProblem(receiptAsToken, 401, "the receipt presented as a token");
        assertThat(receiptAsToken.body().path("detail").asText()).contains("receipt");
    }

    /**
     * Key fetches and per-issuer trust between processes: twenty tokens naming the orchestrator as
     * issuer and keys it never published make orders-service fetch the orchestrator's JWKS at most
     * twice (its rate-limited key source), each refused 401; and a token the orchestrator signed
     * for tenant-service with the memberships scope, which only the account service may grant, is
     * refused 403 saying so, the owner still a member.
     */
    @Test
    void unknownKeysDoNotMakeAServiceFetchKeysEachTimeAndAnIssuerGrantsOnlyItsOwnScopes(RunningFleet fleet)
            throws Exception {
        SeededTenant tenant = fleet.seedTenant(60);
        FleetApi api = fleet.api();
        Tokens tokens = fleet.tokens();
        String preview = api.deletionPreviewUrl(FleetService.named("orders-service"), tenant.id());
        assertThat(api.send(
                                "GET",
                                preview,
                                tokens.orchestratorServiceToken(
                                        "orders-service", tenant.id(), "tenant-data.preview", Duration.ofMinutes(2)),
                                null)
                        .status())
                .as("a valid token, so that orders-service holds the orchestrator's keys")
                .isEqualTo(200);

        double servedBefore = jwksServed(fleet);
        for (int i = 0; i < 20; i++) {
            assertProblem(
                    api.send("GET", preview, withUnknownKey("orders-service", tenant.id()), null),
                    401,
                    "a token of a key the orchestrator never published");
        }
        assertThat(jwksServed(fleet) - servedBefore)
                .as("JWKS fetches of the orchestrator for 20 unknown keys")
                .isLessThanOrEqualTo(2);

        ApiResponse memberships = api.send(
                "DELETE",
                api.tenantUrl("/api/v1/tenants/user/" + tenant.owner() + "/memberships"),
                tokens.orchestratorServiceToken(
                        "tenant-service", tenant.id(), "tenant-memberships.delete", Duration.ofMinutes(2)),
                null);
        assertProblem(memberships, 403, "the orchestrator granting the memberships scope");
        assertThat(memberships.body().path("detail").asText())
                .contains("may not grant scope tenant-memberships.delete");
        assertThat(api.send("GET", api.tenantUrl("/api/v1/tenants/" + tenant.id()), tenant.ownerToken(), null)
                        .body()
                        .path("your_role")
                        .asText())
                .isEqualTo("OWNER");
    }

    /** How often the orchestrator served its JWKS, from its own request metrics. */
    private static double jwksServed(RunningFleet fleet) {
        String metrics = fleet.api()
                .send("GET", fleet.api().orchestratorUrl("/actuator/prometheus"), null, null)
                .raw();
        return metrics.lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{")
                        && line.contains("uri=\"/.well-known/jwks.json\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A well-formed orchestrator token signed with a fresh key and a kid nobody published. */
    private static String withUnknownKey(String audience, UUID tenant) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256)
                .keyID("unknown-" + UUID.randomUUID())
                .generate();
        Instant now = Instant.now();
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer("orchestrator-service")
                        .subject("orchestrator-service")
                        .audience(audience)
                        .claim("scope", "tenant-data.preview")
                        .claim("tenant_id", tenant.toString())
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60)))
                        .jwtID(UUID.randomUUID().toString())
                        .build());
        token.sign(new ECDSASigner(key));
        return token.serialize();
    }

    /**
     * Limits and least privilege between processes: a body over 64 KiB is refused 413 before any
     * token is looked at; orders-service's database role cannot read inventory's tables.
     */
    @Test
    void anOversizedBodyIsRefusedAndAServicesDatabaseRoleReadsOnlyItsOwnSchema(RunningFleet fleet) {
        FleetApi api = fleet.api();
        ApiResponse oversized =
                api.send("POST", api.tenantUrl("/api/v1/tenants"), null, Map.of("name", "x".repeat(70 * 1024)));
        assertProblem(oversized, 413, "a 70 KiB body without a token");

        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> {
                    try (Connection orders = DriverManager.getConnection(
                                    fleet.settings().dbUrl(), "bakery_orders_app", "bakery-local-dev");
                            Statement statement = orders.createStatement()) {
                        statement.executeQuery("SELECT count(*) FROM inventory.products");
                    }
                })
                .satisfies(denied -> assertThat(denied.getSQLState()).isEqualTo("42501"));
    }

    /**
     * Tenant-service and the orchestrator restarted to trust a real OpenID provider (Spring
     * Authorization Server as its own process: discovery, its JWKS, its claim shapes): people log
     * in through the authorization-code flow. The dev key is no longer trusted; a token the provider
     * issued to another client is refused (audience); a role comes only from realm_access.roles, a
     * scope of the same name grants nothing; and the owner's erasure asks for a login no older than
     * tenant.security.max-auth-age (step-up), which a fresh login satisfies.
     */
    @Test
    void peopleLogInAtARealOpenIdProviderAndTheErasureAsksForAFreshLogin(RunningFleet fleet) throws Exception {
        UUID owner = UUID.randomUUID();
        UUID ops = UUID.randomUUID();
        UUID nobody = UUID.randomUUID();
        Duration maxAuthAge = Duration.ofSeconds(8);
        FleetApi api = fleet.api();
        try (OpenIdProvider provider = OpenIdProvider.start(
                fleet,
                8120 + fleet.settings().portOffset(),
                Map.of(owner, List.of(), ops, List.of("deletion-ops"), nobody, List.of()))) {
            fleet.processes().down("tenant-service", "orchestrator-service");
            fleet.withSettings(Map.of(
                            "USER_TOKEN_ISSUER_URI",
                            provider.issuer().toString(),
                            "USER_TOKEN_AUDIENCES",
                            OpenIdProvider.CLIENT,
                            "DELETION_USERTOKENS_ROLESCLAIM",
                            "realm_access.roles",
                            "TENANT_SECURITY_MAXAUTHAGE",
                            maxAuthAge.toSeconds() + "s"))
                    .up("tenant-service", "orchestrator-service");
            try {
                String ownerToken = provider.login(owner);
                UUID tenant = api.createTenant(ownerToken, "Bakery of a real login");
                new TenantSeeder(fleet.database(), fleet.settings(), 2).seed(tenant, 120, 7);
                String tenantUrl = api.tenantUrl("/api/v1/tenants/" + tenant);
                assertThat(api.send("GET", tenantUrl, ownerToken, null).status())
                        .isEqualTo(200);

                assertProblem(
                        api.send("GET", tenantUrl, fleet.tokens().user(owner), null),
                        401,
                        "the owner's token signed with the dev key");
                String otherClients = provider.login(OpenIdProvider.OTHER_CLIENT, owner, "openid");
                assertProblem(
                        api.send("GET", tenantUrl, otherClients, null), 401, "the owner's token for another client");
                String jobs = api.orchestratorUrl("/api/v1/deletion-jobs?size=1");
                assertProblem(
                        api.send("GET", jobs, provider.login(OpenIdProvider.OTHER_CLIENT, ops, "openid"), null),
                        401,
                        "an ops user's token for another client");
                assertProblem(
                        api.send(
                                "GET",
                                jobs,
                                provider.login(OpenIdProvider.CLIENT, nobody, "openid deletion-ops"),
                                null),
                        403,
                        "a user without the role whose client asked for scope deletion-ops");
                String opsToken = provider.login(ops);
                assertThat(api.send("GET", jobs, opsToken, null).status()).isEqualTo(200);

                Thread.sleep(maxAuthAge.plusSeconds(2));
                ApiResponse stale = api.requestDeletion(ownerToken, tenant);
                assertProblem(stale, 401, "the owner's erasure with a login older than the maximum");
                assertThat(stale.headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(challenge -> assertThat(challenge)
                                .contains("error=\"insufficient_user_authentication\"")
                                .contains("max_age=" + maxAuthAge.toSeconds()));
                assertThat(api.send("GET", tenantUrl, ownerToken, null)
                                .body()
                                .path("status")
                                .asText())
                        .isEqualTo("ACTIVE");

                UUID job = api.deleteTenant(provider.login(owner), tenant);
                api.awaitStatus(opsToken, job, "COMPLETED", Duration.ofMinutes(2));
                assertThat(fleet.database().residue(tenant)).isEmpty();
            } finally {
                fleet.processes().down("tenant-service", "orchestrator-service");
                fleet.ensureAllUp();
            }
        }
    }

    /**
     * A rejected call: the status, a problem+json answer, and the tenant's rows exactly as before it
     * (per-table checksums, read right after the answer: a domain service erases before it answers,
     * tenant-service marks the tenant before it answers).
     */
    private static void assertRejected(
            ApiResponse response,
            int status,
            String who,
            Supplier<Map<String, String>> checksums,
            Map<String, String> before) {
        assertProblem(response, status, who);
        assertThat(checksums.get())
                .as("%s: the tenant's per-table checksums after the rejected call", who)
                .containsExactlyEntriesOf(before);
    }

    private static void assertProblem(ApiResponse response, int status, String who) {
        assertThat(response.status()).as("%s: %s", who, response.raw()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as("%s: content type", who)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
}
