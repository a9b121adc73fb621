package com.bakeryia.deletion;

import com.bakeryia.fleet.ServiceIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the one {@link TenantDataDeletionService} of the application, checks its schema, derives
 * and logs its plan, installs the {@link TenantErasureLedger} and the {@link TenantErasureFence} and binds the engine to it, once every
 * singleton (Flyway's migration included) is ready.
 *
 * <p>The ledger and the fence are tables, a function and triggers: they are created through Flyway's
 * data source, which connects as the schema's owner role ({@code spring.flyway.user}, {@code
 * DB_MIGRATION_USER}), so that the service's runtime role needs no DDL; without Flyway, or with Flyway
 * on the service's own data source, through that one. The schema is read as the runtime role
 * (pg_catalog, which every role may read).
 */
final class TenantDataDeletionInitializer implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TenantDataDeletionInitializer.class);

    private final ListableBeanFactory beanFactory;
    private final ServiceIdentity identity;
    private final DeletionProperties properties;
    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<Flyway> flyway;
    private final ObjectProvider<TenantDataDeletionListener> listeners;
    private final Set<String> ignoredTables;
    private final String serviceBeanName;

    TenantDataDeletionInitializer(
            ListableBeanFactory beanFactory,
            ServiceIdentity identity,
            DeletionProperties properties,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<Flyway> flyway,
            ObjectProvider<TenantDataDeletionListener> listeners,
            Set<String> ignoredTables) {
        this.beanFactory = beanFactory;
        this.identity = identity;
        this.properties = properties;
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.listeners = listeners;
        this.ignoredTables = Set.copyOf(ignoredTables);
        String[] names = beanFactory.getBeanNamesForType(TenantDataDeletionService.class, true, false);
        if (names.length > 1) {
            throw new TenantDataDeletionServiceDeclarationException(identity, List.of(names));
        }
        if (names.length == 0 && properties.endpoints().enabled()) {
            throw new TenantDataDeletionServiceDeclarationException(identity, List.of());
        }
        this.serviceBeanName = names.length == 1 ? names[0] : "";
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (serviceBeanName.isEmpty()) {
            log.info("No TenantDataDeletionService in {}: deletion endpoints are disabled", identity.name());
            return;
        }
        var service = beanFactory.getBean(serviceBeanName, TenantDataDeletionService.class);
        DataSource source = dataSource.getIfUnique();
        if (source == null) {
            throw new IllegalStateException("TenantDataDeletionService " + serviceBeanName
                    + " needs exactly one DataSource bean (spring.datasource.url) to reach schema "
                    + service.schema().schema());
        }
        long started = System.nanoTime();
        SchemaCatalog catalog =
                SchemaCatalog.read(new JdbcTemplate(source), service.schema().schema(), ignoredTables);
        DeletionPlan plan = DeletionPlanner.plan(service.schema(), catalog);
        DataSource owner = ownerDataSource(source);
        var ledger = new TenantErasureLedger(plan);
        ledger.install(owner, properties.lockTimeout());
        var fence = new TenantErasureFence(plan);
        fence.install(owner, properties.lockTimeout());
        List<TenantDataDeletionListener> deletionListeners =
                listeners.orderedStream().toList();
        deletionListeners.forEach(listener -> listener.planDerived(plan));
        service.bind(new DeletionEngine(
                identity,
                source,
                plan,
                fence,
                ledger,
                service.declaredExternalData(),
                deletionListeners,
                properties,
                service::afterErased));
        log.info(
                "Tenant deletion plan of {} ({} ms): {}; external data {}; one transaction up to {} rows, else batches"
                        + " of {}",
                identity.name(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                plan.describe(),
                service.declaredExternalData().stream()
                        .map(ExternalTenantData::name)
                        .toList(),
                properties.singleTransactionMaxRows(),
                properties.batchSize());
    }

    /** The data source Flyway migrated with (the schema owner's), else the service's own. */
    private DataSource ownerDataSource(DataSource runtime) {
        Flyway migration = flyway.getIfUnique();
        if (migration == null) {
            return runtime;
        }
        DataSource migrated = migration.getConfiguration().getDataSource();
        return migrated == null ? runtime : migrated;
    }
}
