package com.bakeryia.deletion.database;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * At start-up, asks PostgreSQL whether the service's runtime user is a superuser. A superuser reads
 * and writes every tenant in every schema and may switch off the audit trigger: outside the {@code
 * local} profile that is logged at ERROR, and with {@value #REFUSE_PROPERTY}{@code =true} (env
 * {@code DB_REFUSE_SUPERUSER}; the Kubernetes base sets it) the service refuses to start. Errors are
 * not refused by default because the build's integration tests run as the test PostgreSQL's
 * superuser. A database that cannot be reached is left to the data source's own failure.
 */
public final class RuntimeRoleCheck implements SmartInitializingSingleton {

    /** Refuse to start (rather than log an ERROR) when the runtime user is a superuser. */
    public static final String REFUSE_PROPERTY = "deletion.database.refuse-superuser";

    static final String LOCAL_PROFILE = "local";

    private static final Logger log = LoggerFactory.getLogger(RuntimeRoleCheck.class);

    private static final String SELECT_ROLE =
            "SELECT current_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user";

    private final ObjectProvider<DataSource> dataSource;
    private final boolean refuse;
    private final boolean local;

    RuntimeRoleCheck(ObjectProvider<DataSource> dataSource, boolean refuse, boolean local) {
        this.dataSource = dataSource;
        this.refuse = refuse;
        this.local = local;
    }

    @Override
    public void afterSingletonsInstantiated() {
        DataSource source = dataSource.getIfUnique();
        if (source == null) {
            return;
        }
        Role role;
        try {
            role = new JdbcTemplate(source)
                    .queryForObject(
                            SELECT_ROLE, (rs, row) -> new Role(rs.getString("name"), rs.getBoolean("superuser")));
        } catch (DataAccessException e) {
            log.warn("Could not ask the database whether the service's user is a superuser: {}", e.getMessage());
            return;
        }
        if (role == null || !role.superuser()) {
            return;
        }
        if (refuse) {
            throw new IllegalStateException("The service connects to PostgreSQL as " + role.name()
                    + ", a superuser, and " + REFUSE_PROPERTY + " is true: set DB_USER to the service's own role"
                    + " (bakery_<schema>_app, scripts/db/roles.sql; docs/deployment.md)");
        }
        if (local) {
            log.info("The service connects to PostgreSQL as the superuser {} (local profile)", role.name());
        } else {
            log.error(
                    "The service connects to PostgreSQL as {}, a superuser: it can read and change every schema."
                            + " Set DB_USER to the service's own role (bakery_<schema>_app, docs/deployment.md), and"
                            + " DB_REFUSE_SUPERUSER=true to refuse this",
                    role.name());
        }
    }

    private record Role(String name, boolean superuser) {}
}
