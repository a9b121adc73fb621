package com.bakeryia.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start a service with the {@code local} profile (dev keys, a generated signing key,
 * pos-service's published credentials key) anywhere but on a laptop: inside Kubernetes ({@code
 * KUBERNETES_SERVICE_HOST} set) or against a database whose host is not loopback (127.0.0.0/8,
 * {@code ::1}, {@code localhost}), unless {@value #OVERRIDE}{@code =true} (env {@code
 * DELETION_LOCALPROFILE_ALLOWNONLOCAL}) says so, as docker-compose does for its database host
 * {@code postgres}.
 *
 * <p>An application listener rather than an {@code EnvironmentPostProcessor}: it runs once every
 * post-processor (the config files, the fleet defaults with their {@code DB_URL}) has run, and once
 * logging is set up, so that the refusal is reported like any failed start.
 */
final class LocalProfileGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String PROFILE = "local";
    static final String OVERRIDE = "deletion.local-profile.allow-non-local";
    static final String KUBERNETES = "KUBERNETES_SERVICE_HOST";
    static final String DATASOURCE_URL = "spring.datasource.url";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    static void check(ConfigurableEnvironment environment) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))
                || environment.getProperty(OVERRIDE, Boolean.class, false)) {
            return;
        }
        String kubernetes = environment.getProperty(KUBERNETES);
        if (kubernetes != null && !kubernetes.isBlank()) {
            throw new LocalProfileRefusedException("The profile 'local' is for a laptop, but " + KUBERNETES
                    + " is set (" + kubernetes + "): this runs in Kubernetes. Start without the profile 'local',"
                    + " or set " + OVERRIDE + "=true (DELETION_LOCALPROFILE_ALLOWNONLOCAL) if this is meant");
        }
        String url = environment.getProperty(DATASOURCE_URL);
        List<String> remote = url == null
                ? List.of()
                : hosts(url).stream().filter(host -> !isLoopback(host)).toList();
        if (!remote.isEmpty()) {
            throw new LocalProfileRefusedException("The profile 'local' is for a laptop, but the database host "
                    + String.join(", ", remote) + " of " + DATASOURCE_URL + " (DB_URL) is not loopback"
                    + " (127.0.0.0/8, ::1, localhost). Start without the profile 'local', or set " + OVERRIDE
                    + "=true (DELETION_LOCALPROFILE_ALLOWNONLOCAL) if this is meant");
        }
    }

    /**
     * The hosts of a JDBC URL: {@code jdbc:postgresql://a:5432,b/db} has {@code a} and {@code b};
     * a URL without an authority ({@code jdbc:postgresql:db}, {@code jdbc:h2:mem:x}) has none.
     */
    static List<String> hosts(String url) {
        String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        int authority = rest.indexOf("://");
        if (authority < 0) {
            return List.of();
        }
        rest = rest.substring(authority + 3);
        int end = indexOfAny(rest, "/?;");
        rest = end < 0 ? rest : rest.substring(0, end);
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        List<String> hosts = new ArrayList<>();
        for (String hostAndPort : rest.split(",")) {
            String host = hostOf(hostAndPort.trim());
            // An empty host (jdbc:postgresql:///db) is the driver's localhost.
            if (!host.isEmpty()) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static String hostOf(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close < 0 ? hostAndPort : hostAndPort.substring(1, close);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** Only literals and {@code localhost}: a name is never resolved (DNS might say anything). */
    static boolean isLoopback(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(lower).matches() && !lower.contains(":")) {
            return false;
        }
        InetAddress address = literal(lower);
        return address != null && address.isLoopbackAddress();
    }

    private static @Nullable InetAddress literal(String host) {
        try {
            // A literal address: no lookup is made.
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The refusal to start; its message says what was found and how to override. */
    static final class LocalProfileRefusedException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        LocalProfileRefusedException(String message) {
            super(message);
        }
    }
}
