package com.bakeryia.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.testkit.postgres.PostgresDatabaseExtension;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The gauges of the jobs in progress on the orchestrator's real schema (its Flyway migrations). */
@ExtendWith(OutputCaptureExtension.class)
class DeletionJobBacklogIntegrationTests {

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static HikariDataSource dataSource;

    private final MutableClock clock = new MutableClock(NOW);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JdbcClient jdbc;

    @BeforeAll
    static void migrate() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.database().jdbcUrl());
        dataSource.setUsername(postgres.database().username());
        dataSource.setPassword(postgres.database().password());
        dataSource.setSchema("orchestrator");
        dataSource.setMaximumPoolSize(2);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("orchestrator")
                .defaultSchema("orchestrator")
                .locations("classpath:db/migration/orchestrator")
                .load()
                .migrate();
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void removeJobs() {
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("DELETE FROM deletion_job").update();
        jdbc.sql("DELETE FROM tenant_legal_hold").update();
        // Reads run on the scraping thread here, so that each scrape shows what it read.
        new DeletionJobBacklog(dataSource, clock, CACHE_FOR, Runnable::run).bindTo(registry);
    }

    @Test
    void showsZeroJobsAndZeroAgeWithoutJobsInProgress() {
        insertJob("COMPLETED", NOW.minus(Duration.ofHours(2)));
        insertJob("CANCELLED", NOW.minus(Duration.ofHours(3)));

        assertThat(scraped("bakery_deletion_jobs_in_progress")).isZero();
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isZero();
    }

    @Test
    void countsPendingAndRunningJobsOfAllInstancesAndAgesTheOldestFromItsCreation() {
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(30)));
        insertJob("IN_PROGRESS", NOW.minus(Duration.ofSeconds(90)).plusMillis(500));
        insertJob("IN_PROGRESS", NOW.minus(Duration.ofSeconds(10)));
        insertJob("COMPLETED", NOW.minus(Duration.ofHours(5)));
        insertJob("FAILED", NOW.minus(Duration.ofHours(4)));
        insertJob("CANCELLED", NOW.minus(Duration.ofHours(3)));

        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(3);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isEqualTo(89.5);
    }

    @Test
    void aJobInItsGracePeriodIsCountedButNotLate() {
        insertJob("PENDING", NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(1)));
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(1);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isZero();

        clock.advance(Duration.ofHours(1).plusSeconds(30));
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .as("due since its not_before, 30 s ago")
                .isEqualTo(30);
    }

    @Test
    void readsTheDatabaseAgainOnlyAfterTheCachePeriod() {
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(20)));
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(1);
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(60)));

        clock.advance(CACHE_FOR.minusMillis(1));
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(1);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isEqualTo(20);

        clock.advance(Duration.ofMillis(1));
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(2);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isEqualTo(65);
    }

    @Test
    void showsNanWhileTheDatabaseFailsAndWarnsOncePerStreakOfFailures(CapturedOutput output) {
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(20)));
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(1);

        try {
            jdbc.sql("ALTER TABLE deletion_job RENAME TO deletion_job_elsewhere")
                    .update();
            clock.advance(CACHE_FOR);
            assertThat(scraped("bakery_deletion_jobs_in_progress")).isNaN();
            assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                    .isNaN();
            clock.advance(CACHE_FOR);
            assertThat(scraped("bakery_deletion_jobs_in_progress")).isNaN();
            assertThat(warnings(output)).isEqualTo(1);
        } finally {
            jdbc.sql("ALTER TABLE deletion_job_elsewhere RENAME TO deletion_job")
                    .update();
        }

        clock.advance(CACHE_FOR);
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(1);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isEqualTo(35);

        try {
            jdbc.sql("ALTER TABLE deletion_job RENAME TO deletion_job_elsewhere")
                    .update();
            clock.advance(CACHE_FOR);
            assertThat(scraped("bakery_deletion_jobs_in_progress")).isNaN();
            assertThat(warnings(output)).isEqualTo(2);
        } finally {
            jdbc.sql("ALTER TABLE deletion_job_elsewhere RENAME TO deletion_job")
                    .update();
        }
    }

    @Test
    void scrapesGetTheLastReadingWithoutWaitingAndStartOneReadAtATime() {
        Queue<Runnable> startedReads = new ArrayDeque<>();
        PrometheusMeterRegistry background = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new DeletionJobBacklog(dataSource, clock, CACHE_FOR, startedReads::add).bindTo(background);
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(20)));

        assertThat(scraped(background, "bakery_deletion_jobs_in_progress")).isNaN();
        assertThat(scraped(background, "bakery_deletion_jobs_in_progress")).isNaN();
        assertThat(startedReads).hasSize(1);

        startedReads.remove().run();
        assertThat(scraped(background, "bakery_deletion_jobs_in_progress")).isEqualTo(1);
        assertThat(scraped(background, "bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .isEqualTo(20);
        assertThat(startedReads).isEmpty();

        clock.advance(CACHE_FOR);
        insertJob("IN_PROGRESS", NOW.minus(Duration.ofSeconds(60)));
        assertThat(scraped(background, "bakery_deletion_jobs_in_progress")).isEqualTo(1);
        assertThat(startedReads).hasSize(1);
        startedReads.remove().run();
        assertThat(scraped(background, "bakery_deletion_jobs_in_progress")).isEqualTo(2);
    }

    @Test
    void registersEveryActiveStatusAtZeroAndNoDeadlineWithoutJobs() {
        insertJob("COMPLETED", NOW.minus(Duration.ofHours(2)));

        for (String status : new String[] {"PENDING", "IN_PROGRESS", "RETRYING", "FAILED"}) {
            assertThat(scrapedJobs(status)).as(status).isZero();
        }
        assertThat(scraped("bakery_deletion_jobs_longest_retrying_seconds")).isZero();
        assertThat(scraped("bakery_deletion_jobs_nearest_deadline_seconds")).isNaN();
    }

    @Test
    void countsTheJobsOfEachActiveStatusAndRetryingOnesAsInProgress() {
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(30)));
        insertJob("IN_PROGRESS", NOW.minus(Duration.ofSeconds(20)));
        insertJob("IN_PROGRESS", NOW.minus(Duration.ofSeconds(10)));
        insertJob(
                "RETRYING",
                NOW.minus(Duration.ofHours(1)),
                NOW.minus(Duration.ofMinutes(50)),
                NOW.plus(Duration.ofDays(20)));
        insertJob("FAILED", NOW.minus(Duration.ofHours(4)));
        insertJob("FAILED", NOW.minus(Duration.ofHours(5)));
        insertJob("COMPLETED", NOW.minus(Duration.ofHours(5)));
        insertJob("CANCELLED", NOW.minus(Duration.ofHours(3)));

        assertThat(scrapedJobs("PENDING")).isEqualTo(1);
        assertThat(scrapedJobs("IN_PROGRESS")).isEqualTo(2);
        assertThat(scrapedJobs("RETRYING")).isEqualTo(1);
        assertThat(scrapedJobs("FAILED")).isEqualTo(2);
        assertThat(scraped("bakery_deletion_jobs_in_progress")).isEqualTo(4);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .as("the retrying job is measured by its own gauge")
                .isEqualTo(30);
    }

    @Test
    void measuresTheJobRetryingLongestAlsoWhileItRunsBetweenRetries() {
        insertJob(
                "RETRYING",
                NOW.minus(Duration.ofHours(5)),
                NOW.minus(Duration.ofHours(2)),
                NOW.plus(Duration.ofDays(20)));
        insertJob(
                "IN_PROGRESS",
                NOW.minus(Duration.ofHours(6)),
                NOW.minus(Duration.ofHours(3)),
                NOW.plus(Duration.ofDays(20)));
        insertJob("IN_PROGRESS", NOW.minus(Duration.ofHours(9)));
        insertJob(
                "FAILED", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(20)));

        assertThat(scraped("bakery_deletion_jobs_longest_retrying_seconds")).isEqualTo(3 * 3600);

        clock.advance(CACHE_FOR);
        assertThat(scraped("bakery_deletion_jobs_longest_retrying_seconds")).isEqualTo(3 * 3600 + 5);
    }

    @Test
    void showsTheTimeLeftToTheNearestDeadlineOfAJobNotEnded() {
        insertJob("PENDING", NOW.minus(Duration.ofSeconds(5)), null, NOW.plus(Duration.ofDays(10)));
        insertJob(
                "RETRYING",
                NOW.minus(Duration.ofDays(20)),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(2)));
        insertJob("FAILED", NOW.minus(Duration.ofDays(30)), null, NOW.minus(Duration.ofDays(5)));

        assertThat(scraped("bakery_deletion_jobs_nearest_deadline_seconds")).isEqualTo(2 * 86400);

        clock.advance(Duration.ofDays(2).plus(CACHE_FOR));
        assertThat(scraped("bakery_deletion_jobs_nearest_deadline_seconds"))
                .as("negative once passed")
                .isEqualTo(-5);
    }

    @Test
    void countsTenantsOnHoldAndTheirWaitingJobsWhichAreNeitherLateNorNearTheirDeadline() {
        UUID held = insertJobOf(
                UUID.randomUUID(), "PENDING", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(5)));
        insertJobOf(UUID.randomUUID(), "PENDING", NOW.minus(Duration.ofSeconds(40)), NOW.plus(Duration.ofDays(25)));
        insertHold(held, null);
        insertHold(UUID.randomUUID(), null);
        insertHold(UUID.randomUUID(), NOW.minus(Duration.ofDays(1)));

        assertThat(scraped("bakery_deletion_tenants_on_hold")).isEqualTo(2);
        assertThat(scraped("bakery_deletion_jobs_on_hold")).isEqualTo(1);
        assertThat(scraped("bakery_deletion_jobs_in_progress"))
                .as("a held job is still in progress")
                .isEqualTo(2);
        assertThat(scraped("bakery_deletion_jobs_oldest_in_progress_age_seconds"))
                .as("the held job, due 30 days ago, is not late")
                .isEqualTo(40);
        assertThat(scraped("bakery_deletion_jobs_nearest_deadline_seconds"))
                .as("the held job's passed deadline is put back when the hold is lifted")
                .isEqualTo(25 * 86400);
    }

    private UUID insertJobOf(UUID tenantId, String status, Instant createdAt, Instant deadlineAt) {
        jdbc.sql("""
                        INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at, updated_at,
                                                  deadline_at)
                        VALUES (?, ?, ?, 'test', ?, ?, ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        tenantId,
                        status,
                        createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC),
                        deadlineAt.atOffset(ZoneOffset.UTC))
                .update();
        return tenantId;
    }

    private void insertHold(UUID tenantId, @Nullable Instant liftedAt) {
        jdbc.sql("""
                        INSERT INTO tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at, lifted_by,
                                                       lifted_at, lift_reason)
                        VALUES (?, ?, 'litigation', 'case 1', 'admin', ?, ?, ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        tenantId,
                        NOW.minus(Duration.ofDays(10)).atOffset(ZoneOffset.UTC),
                        liftedAt != null ? "admin" : null,
                        liftedAt != null ? liftedAt.atOffset(ZoneOffset.UTC) : null,
                        liftedAt != null ? "settled" : null)
                .update();
    }

    private double scrapedJobs(String status) {
        Matcher sample = Pattern.compile("(?m)^bakery_deletion_jobs\\{[^}]*status=\"" + status + "\"[^}]*} (\\S+)$")
                .matcher(registry.scrape());
        assertThat(sample.find())
                .as("bakery_deletion_jobs{status=%s} in the scrape", status)
                .isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private void insertJob(String status, Instant createdAt, @Nullable Instant retryingSince, Instant deadlineAt) {
        jdbc.sql("""
                        INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at, updated_at,
                                                  deadline_at, retrying_since)
                        VALUES (?, ?, ?, 'test', ?, ?, ?, ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        status,
                        createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC),
                        deadlineAt.atOffset(ZoneOffset.UTC),
                        retryingSince != null ? retryingSince.atOffset(ZoneOffset.UTC) : null)
                .update();
    }

    private double scraped(String name) {
        return scraped(registry, name);
    }

    private static double scraped(PrometheusMeterRegistry registry, String name) {
        Matcher sample =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(registry.scrape());
        assertThat(sample.find()).as("%s in the scrape", name).isTrue();
        return Double.parseDouble(sample.group(2));
    }

    private static long warnings(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains("WARN") && line.contains("Cannot read the deletion jobs in progress"))
                .count();
    }

    private void insertJob(String status, Instant createdAt) {
        insertJob(status, createdAt, createdAt);
    }

    private void insertJob(String status, Instant createdAt, Instant notBefore) {
        jdbc.sql("""
                        INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at, updated_at,
                                                  deadline_at)
                        VALUES (?, ?, ?, 'test', ?, ?, ?, greatest(?, ?) + interval '25 days')
                        """)
                .params(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        status,
                        notBefore.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC),
                        notBefore.atOffset(ZoneOffset.UTC),
                        createdAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
