package com.bakeryia.fleet.retention;

import com.bakeryia.fleet.FleetAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link RetentionPurgeRunner} over every {@link RetentionPurge} bean (none: it does nothing).
 * Each batch runs in a transaction of its own through the application's unique {@link
 * PlatformTransactionManager} (none: each statement commits on its own).
 */
@AutoConfiguration(
        after = FleetAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(TransactionTemplate.class)
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RetentionPurgeRunner retentionPurgeRunner(
            ObjectProvider<RetentionPurge> purges,
            RetentionProperties properties,
            Clock clock,
            ObjectProvider<MeterRegistry> registry,
            ObjectProvider<PlatformTransactionManager> transactions) {
        return new RetentionPurgeRunner(
                purges.orderedStream().toList(),
                properties,
                clock,
                transaction(transactions.getIfUnique()),
                registry.getIfUnique());
    }

    private static UnaryOperator<IntSupplier> transaction(@Nullable PlatformTransactionManager manager) {
        if (manager == null) {
            return batch -> batch;
        }
        var template = new TransactionTemplate(manager);
        return batch -> () -> {
            Integer purged = template.execute(status -> batch.getAsInt());
            return purged == null ? 0 : purged;
        };
    }
}
