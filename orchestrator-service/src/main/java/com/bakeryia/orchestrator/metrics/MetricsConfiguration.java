package com.bakeryia.orchestrator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /** How long a reading of the jobs in progress serves the scrapes of this instance. */
    private static final Duration BACKLOG_READ_EVERY = Duration.ofSeconds(5);

    @Bean
    DeletionJobMetrics deletionJobMetrics(MeterRegistry registry) {
        return new DeletionJobMetrics(registry);
    }

    @Bean
    DeletionJobBacklog deletionJobBacklog(DataSource dataSource, Clock clock) {
        return new DeletionJobBacklog(
                dataSource,
                clock,
                BACKLOG_READ_EVERY,
                read -> Thread.ofVirtual().name("deletion-job-backlog").start(read));
    }

    /** The first reading once the schema is migrated, so that the first scrape has figures, not NaN. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> firstDeletionJobBacklogReading(DeletionJobBacklog backlog) {
        return ready -> backlog.current();
    }
}
