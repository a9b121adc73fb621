package com.bakeryia.testkit.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** A PgJDBC URL split into hosts, database and parameters (kept as written, decoded on read). */
record PostgresUrl(String hosts, String database, Map<String, String> parameters) {

    private static final String PREFIX = "jdbc:postgresql:";

    static PostgresUrl parse(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "Not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + url);
        }
        String rest = url.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int equals = pair.indexOf('=');
                    parameters.put(
                            equals < 0 ? pair : pair.substring(0, equals),
                            equals < 0 ? "" : pair.substring(equals + 1));
                }
            }
        }
        if (!path.startsWith("//")) {
            return new PostgresUrl("", path, parameters);
        }
        String hostsAndDatabase = path.substring(2);
        int slash = hostsAndDatabase.indexOf('/');
        return slash < 0
                ? new PostgresUrl(hostsAndDatabase, "", parameters)
                : new PostgresUrl(
                        hostsAndDatabase.substring(0, slash), hostsAndDatabase.substring(slash + 1), parameters);
    }

    @Nullable
    String parameter(String name) {
        String raw = parameters.get(name);
        return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    PostgresUrl withDatabase(String newDatabase) {
        return new PostgresUrl(hosts, newDatabase, parameters);
    }

    PostgresUrl withoutParameters(String... names) {
        Map<String, String> remaining = new LinkedHashMap<>(parameters);
        for (String name : names) {
            remaining.remove(name);
        }
        return new PostgresUrl(hosts, database, remaining);
    }

    String jdbcUrl() {
        String base = hosts.isEmpty() ? PREFIX + database : PREFIX + "//" + hosts + "/" + database;
        if (parameters.isEmpty()) {
            return base;
        }
        return base
                + parameters.entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining("&", "?", ""));
    }
}
