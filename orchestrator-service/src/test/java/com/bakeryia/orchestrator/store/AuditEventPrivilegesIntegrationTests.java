package com.bakeryia.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.testkit.postgres.ServiceRoles;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orchestrator's runtime role (issue 15): it appends audit events and reads them, and nothing else,
 * with the append-only triggers in place or switched off by their owner. The roles are scripts/db/roles.sql's,
 * the privileges the migrations' (R__audit_event_privileges.sql), run as the owner role as Flyway runs them.
 * Legal holds likewise are records: placed and lifted, never deleted (V4__legal_hold.sql).
 */
class AuditEventPrivilegesIntegrationTests {

    private static final String PERMISSION_DENIED = "42501";

    private static final String INSERT_JOB = """
            INSERT INTO orchestrator.deletion_job (id, tenant_id, status, requested_by, not_before, created_at,
                                                   updated_at, deadline_at)
            VALUES (?, ?, 'PENDING', 'test', now(), now(), now(), now() + interval '25 days')
            """;
    private static final String INSERT_EVENT = """
            INSERT INTO orchestrator.deletion_audit_event (job_id, sequence, at, type, payload, prev_hash, hash)
            VALUES (?, ?, now(), 'JOB_CREATED', '{}'::jsonb, 'prev', 'hash')
            """;

    private static final String INSERT_V2_EVENT = """
            INSERT INTO orchestrator.deletion_audit_event (job_id, sequence, at, type, payload, payload_hash,
                                                           prev_hash, hash)
            VALUES (?, ?, now(), 'JOB_CANCELLED', '{"by": "ops-1"}'::jsonb, repeat('b', 64), 'prev', 'hash')
            """;

    private static TestDatabase database;
    private static ServiceRoles roles;
    private static JdbcTemplate app;
    private static JdbcTemplate owner;
    private static UUID job;

    @BeforeAll
    static void migrateAsTheOwner() {
        database = TestPostgres.server().createDatabase();
        roles = ServiceRoles.create(database, "orchestrator");
        flyway(roles.ownerDataSource()).migrate();
        app = new JdbcTemplate(roles.appDataSource());
        owner = new JdbcTemplate(roles.ownerDataSource());
        job = UUID.randomUUID();
        app.update(INSERT_JOB, job, UUID.randomUUID());
        app.update(INSERT_EVENT, job, 0);
    }

    @AfterAll
    static void dropRoles() {
        if (roles != null) {
            roles.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void runtimeRoleAppendsAndReadsAuditEventsAndStillChangesJobs() {
        app.update(INSERT_EVENT, job, 1);

        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orchestrator.deletion_audit_event WHERE job_id = ?", Long.class, job))
                .isGreaterThanOrEqualTo(2);
        assertThat(app.update("UPDATE orchestrator.deletion_job SET status = 'CANCELLED' WHERE id = ?", job))
                .isEqualTo(1);
    }

    @Test
    void runtimeRoleCannotUpdateDeleteOrTruncateAuditEventsWithTheTriggersInPlace() {
        assertDenied(() -> app.update("UPDATE orchestrator.deletion_audit_event SET type = 'FORGED'"));
        assertDenied(() -> app.update("DELETE FROM orchestrator.deletion_audit_event"));
        assertDenied(() -> app.execute("TRUNCATE orchestrator.deletion_audit_event"));
        assertDenied(() -> app.execute("TRUNCATE orchestrator.deletion_job CASCADE"));
    }

    @Test
    void runtimeRoleCannotDisableOrDropTheTriggersNorChangeTheTable() {
        assertDenied(() -> app.execute(
                "ALTER TABLE orchestrator.deletion_audit_event DISABLE TRIGGER deletion_audit_event_append_only"));
        assertDenied(() -> app.execute("ALTER TABLE orchestrator.deletion_audit_event DISABLE TRIGGER ALL"));
        assertDenied(() ->
                app.execute("DROP TRIGGER deletion_audit_event_append_only ON orchestrator.deletion_audit_event"));
        assertDenied(() -> app.execute("DROP TABLE orchestrator.deletion_audit_event"));
        assertDenied(() -> app.execute("CREATE TABLE orchestrator.sneaky (id int)"));
        assertDenied(() -> app.execute("CREATE OR REPLACE FUNCTION orchestrator.deletion_audit_event_refuse_change()"
                + " RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"));
        assertThat(triggersEnabled()).isEqualTo(2);
    }

    @Test
    void runtimeRoleCannotChangeAuditEventsEvenWithTheTriggersSwitchedOff() {
        owner.execute("ALTER TABLE orchestrator.deletion_audit_event DISABLE TRIGGER USER");
        try {
            assertDenied(() -> app.update("UPDATE orchestrator.deletion_audit_event SET type = 'FORGED'"));
            assertDenied(() -> app.update("DELETE FROM orchestrator.deletion_audit_event"));
            assertDenied(() -> app.execute("TRUNCATE orchestrator.deletion_audit_event"));
        } finally {
            owner.execute("ALTER TABLE orchestrator.deletion_audit_event ENABLE TRIGGER USER");
        }
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orchestrator.deletion_audit_event WHERE type = 'FORGED'", Long.class))
                .isZero();
    }

    @Test
    void runtimeRolePlacesAndLiftsLegalHoldsButCannotDeleteOrTruncateThem() {
        UUID tenant = UUID.randomUUID();
        app.update("""
                INSERT INTO orchestrator.tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at)
                VALUES (?, ?, 'litigation', 'case 1', 'admin', now())
                """, UUID.randomUUID(), tenant);
        assertThat(app.update("""
                        UPDATE orchestrator.tenant_legal_hold SET lifted_by = 'admin', lifted_at = now(), lift_reason = 'done'
                         WHERE tenant_id = ?
                        """, tenant)).isEqualTo(1);

        assertDenied(() -> app.update("DELETE FROM orchestrator.tenant_legal_hold"));
        assertDenied(() -> app.execute("TRUNCATE orchestrator.tenant_legal_hold"));
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orchestrator.tenant_legal_hold WHERE tenant_id = ?", Long.class, tenant))
                .isEqualTo(1);
    }

    @Test
    void runtimeRolePurgesAndRedactsAFinishedJobsEventsOnlyThroughTheOwnersFunctions() {
        UUID finished = UUID.randomUUID();
        app.update(INSERT_JOB, finished, UUID.randomUUID());
        app.update(INSERT_EVENT, finished, 1);
        app.update(INSERT_V2_EVENT, finished, 2);
        app.update(
                "UPDATE orchestrator.deletion_job SET status = 'COMPLETED', finished_at = now() WHERE id = ?",
                finished);

        assertDenied(() -> app.update(
                "UPDATE orchestrator.deletion_audit_event SET payload = '{\"redacted\": true}' WHERE job_id = ?",
                finished));
        assertDenied(() -> app.update("DELETE FROM orchestrator.deletion_audit_event WHERE job_id = ?", finished));
        assertThat(app.queryForObject("SELECT orchestrator.deletion_audit_redact(?)", Integer.class, finished))
                .isEqualTo(1);
        assertThat(app.queryForList(
                        "SELECT payload::text FROM orchestrator.deletion_audit_event WHERE job_id = ? ORDER BY sequence",
                        String.class,
                        finished))
                .containsExactly("{}", "{\"redacted\": true}");
        assertThat(app.queryForObject("SELECT orchestrator.deletion_audit_purge(?)", Integer.class, finished))
                .isEqualTo(2);
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orchestrator.deletion_audit_event WHERE job_id = ?",
                        Long.class,
                        finished))
                .isZero();
    }

    @Test
    void theRetentionFunctionsRefuseAnUnfinishedJobAndTheOwnerCannotChangeEventsOutsideThem() {
        assertThatThrownBy(() -> app.queryForObject("SELECT orchestrator.deletion_audit_purge(?)", Integer.class, job))
                .hasMessageContaining("has not finished");
        assertThatThrownBy(() -> app.queryForObject("SELECT orchestrator.deletion_audit_redact(?)", Integer.class, job))
                .hasMessageContaining("has not finished");
        assertThatThrownBy(() -> owner.update("DELETE FROM orchestrator.deletion_audit_event WHERE job_id = ?", job))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.update("UPDATE orchestrator.deletion_audit_event SET type = 'FORGED'"))
                .hasMessageContaining("append-only");
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orchestrator.deletion_audit_event WHERE job_id = ?", Long.class, job))
                .isPositive();
    }

    @Test
    void runtimeRolePurgesLiftedLegalHoldsOnlyThroughTheOwnersFunction() {
        UUID tenant = UUID.randomUUID();
        app.update(
                "INSERT INTO orchestrator.tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at,"
                        + " lifted_by, lifted_at, lift_reason) VALUES (?, ?, 'litigation', 'case 2', 'admin',"
                        + " now() - interval '4 years', 'admin', now() - interval '4 years', 'done')",
                UUID.randomUUID(),
                tenant);

        assertDenied(() -> app.update("DELETE FROM orchestrator.tenant_legal_hold WHERE tenant_id = ?", tenant));
        assertThat(app.queryForObject(
                        "SELECT orchestrator.tenant_legal_hold_purge(now() - interval '3 years', 10)", Integer.class))
                .isEqualTo(1);
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orchestrator.tenant_legal_hold WHERE tenant_id = ?", Long.class, tenant))
                .isZero();
    }

    @Test
    void noRoleButTheRuntimeRoleAndTheOwnerMayExecuteTheRetentionFunctions() {
        assertThat(owner.queryForList(
                        "SELECT p.proname || ':' || CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END"
                                + " FROM pg_proc p, aclexplode(p.proacl) a"
                                + " WHERE p.pronamespace = 'orchestrator'::regnamespace"
                                + " AND p.proname IN ('deletion_audit_purge', 'deletion_audit_redact', 'tenant_legal_hold_purge')"
                                + " AND a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1",
                        String.class))
                .containsExactly(
                        "deletion_audit_purge:" + roles.app(),
                        "deletion_audit_redact:" + roles.app(),
                        "tenant_legal_hold_purge:" + roles.app());
        assertThat(owner.queryForList(
                        "SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE proname IN"
                                + " ('deletion_audit_purge', 'deletion_audit_redact', 'tenant_legal_hold_purge')",
                        String.class))
                .containsExactly(roles.owner());
    }

    @Test
    void aSecondMigrationRunAndASecondBootstrapGrantNothingBack() {
        roles.bootstrap();
        flyway(roles.ownerDataSource()).migrate();

        assertDenied(() -> app.update("DELETE FROM orchestrator.deletion_audit_event"));
        assertDenied(() -> app.update("DELETE FROM orchestrator.tenant_legal_hold"));
        assertDenied(() -> app.update("DELETE FROM orchestrator.flyway_schema_history"));
        assertDenied(() -> app.update("UPDATE orchestrator.flyway_schema_history SET checksum = 0"));
    }

    private static int triggersEnabled() {
        return owner.queryForObject("""
                SELECT count(*) FROM pg_trigger
                WHERE tgrelid = 'orchestrator.deletion_audit_event'::regclass AND NOT tgisinternal AND tgenabled = 'O'
                """, Integer.class);
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas("orchestrator")
                .defaultSchema("orchestrator")
                .locations("classpath:db/migration/orchestrator")
                .load();
    }

    private static void assertDenied(ThrowingCallable statement) {
        assertThatThrownBy(statement).satisfies(e -> assertThat(sqlState(e)).isEqualTo(PERMISSION_DENIED));
    }

    private static String sqlState(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        throw new AssertionError("no SQLException in " + thrown, thrown);
    }
}
