package com.bakeryia.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.testkit.postgres.PostgresDatabaseExtension;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V2 (issue 14) on a schema with jobs of V1: RETRYING allowed, deadlines back-filled, indexes widened. */
class OrchestratorMigrationIntegrationTests {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @Test
    void backfillsDeadlinesFromWhenEachJobWasDueAndAllowsRetrying() {
        try (HikariDataSource dataSource = dataSource()) {
            JdbcClient jdbc = JdbcClient.create(dataSource);
            flyway(dataSource, "1").migrate();
            Instant created = Instant.parse("2026-03-01T12:00:00Z");
            Instant later = Instant.parse("2026-03-08T12:00:00Z");
            UUID dueAtCreation = insertV1Job(jdbc, created, created);
            UUID dueLater = insertV1Job(jdbc, created, later);

            flyway(dataSource, "latest").migrate();

            assertThat(deadline(jdbc, dueAtCreation)).isEqualTo(created.plus(Duration.ofDays(25)));
            assertThat(deadline(jdbc, dueLater)).isEqualTo(later.plus(Duration.ofDays(25)));
            assertThat(jdbc.sql("SELECT retries FROM deletion_step WHERE job_id = ?")
                            .param(dueAtCreation)
                            .query(Integer.class)
                            .single())
                    .isZero();
            jdbc.sql("UPDATE deletion_job SET status = 'RETRYING' WHERE id = ?").param(dueAtCreation).update();
            jdbc.sql("UPDATE deletion_step SET status = 'RETRYING' WHERE job_id = ?").param(dueAtCreation).update();
            UUID tenant = jdbc.sql("SELECT tenant_id FROM deletion_job WHERE id = ?")
                    .param(dueAtCreation)
                    .query(UUID.class)
                    .single();
            assertThatExceptionOfType(DataIntegrityViolationException.class)
                    .as("a RETRYING job is the tenant's active job")
                    .isThrownBy(() -> jdbc.sql("""
                                    INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at,
                                                              updated_at, deadline_at)
                                    VALUES (?, ?, 'PENDING', 'test', now(), now(), now(), now())
                                    """)
                            .params(UUID.randomUUID(), tenant)
                            .update());
            assertThatExceptionOfType(DataIntegrityViolationException.class)
                    .as("deadline_at is required")
                    .isThrownBy(() -> jdbc.sql("""
                                    INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at,
                                                              updated_at)
                                    VALUES (?, ?, 'PENDING', 'test', now(), now(), now())
                                    """)
                            .params(UUID.randomUUID(), UUID.randomUUID())
                            .update());
        }
    }

    private static UUID insertV1Job(JdbcClient jdbc, Instant createdAt, Instant notBefore) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at, updated_at)
                        VALUES (?, ?, 'PENDING', 'test', ?, ?, ?)
                        """)
                .params(id, UUID.randomUUID(), utc(notBefore), utc(createdAt), utc(createdAt))
                .update();
        jdbc.sql("""
                        INSERT INTO deletion_step (job_id, service_name, position, final_step, status)
                        VALUES (?, 'orders-service', 0, false, 'PENDING')
                        """)
                .param(id)
                .update();
        return id;
    }

    private static Instant deadline(JdbcClient jdbc, UUID jobId) {
        return jdbc.sql("SELECT deadline_at FROM deletion_job WHERE id = ?")
                .param(jobId)
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }

    private static Flyway flyway(HikariDataSource dataSource, String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas("orchestrator")
                .defaultSchema("orchestrator")
                .locations("classpath:db/migration/orchestrator")
                .target(target)
                .load();
    }

    private static HikariDataSource dataSource() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.database().jdbcUrl());
        dataSource.setUsername(postgres.database().username());
        dataSource.setPassword(postgres.database().password());
        dataSource.setSchema("orchestrator");
        dataSource.setMaximumPoolSize(2);
        return dataSource;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
