/**
 * The service's PostgreSQL roles as deletion-core expects them (issue 15, least privilege): a runtime
 * role that is no superuser ({@link RuntimeRoleCheck}) and cannot change Flyway's history ({@link
 * FlywayHistoryPrivileges}). The roles themselves are made by {@code scripts/db/roles.sql}.
 */
@NullMarked
package com.bakeryia.deletion.database;

import org.jspecify.annotations.NullMarked;
