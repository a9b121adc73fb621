package com.bakeryia.e2e;

import com.bakeryia.idp.client.OidcLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The e2e-identity-provider jar (Spring Authorization Server) as a process of its own, on
 * 127.0.0.1, with the users and the two clients a scenario needs: {@value #CLIENT} (the fleet's
 * audience) and {@value #OTHER_CLIENT} (another application of the same provider). Every user's
 * password is {@value #PASSWORD}; {@link #login} logs one in through the real flow.
 */
final class OpenIdProvider implements AutoCloseable {

    static final String CLIENT = "bakery-ia";
    static final String OTHER_CLIENT = "other-app";
    /** Dev and test only. */
    static final String PASSWORD = "e2e-password";

    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI issuer;
    private final Path log;

    private OpenIdProvider(Process process, URI issuer, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.log = log;
    }

    /**
     * Starts the provider and waits until its discovery document is served.
     *
     * @param fleet the fleet (the jar is found under its repository root, the log goes to its home)
     * @param port the port, on 127.0.0.1
     * @param users each user id with its realm roles
     */
    static OpenIdProvider start(RunningFleet fleet, int port, Map<UUID, List<String>> users) {
        Path jar = executableJar(fleet.settings().repoRoot());
        URI issuer = URI.create("http://127.0.0.1:" + port);
        Map<String, String> environment = new HashMap<>();
        environment.put("PORT", Integer.toString(port));
        environment.put("IDP_ISSUER", issuer.toString());
        int index = 0;
        for (Map.Entry<UUID, List<String>> user : users.entrySet()) {
            environment.put("IDP_USERS_" + index + "_ID", user.getKey().toString());
            environment.put("IDP_USERS_" + index + "_PASSWORD", PASSWORD);
            environment.put("IDP_USERS_" + index + "_ROLES", String.join(",", user.getValue()));
            index++;
        }
        List<String> clients = List.of(CLIENT, OTHER_CLIENT);
        for (int i = 0; i < clients.size(); i++) {
            environment.put("IDP_CLIENTS_" + i + "_ID", clients.get(i));
            environment.put("IDP_CLIENTS_" + i + "_SECRET", clients.get(i) + "-secret");
            environment.put("IDP_CLIENTS_" + i + "_REDIRECTURI", REDIRECT);
            // A client may ask for a scope named like a role: it must never grant that role.
            environment.put("IDP_CLIENTS_" + i + "_SCOPES", "deletion-ops,deletion-admin");
        }
        Path log = fleet.settings().fleetHome().resolve("e2e-identity-provider.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            OpenIdProvider provider = new OpenIdProvider(builder.start(), issuer, log);
            provider.awaitDiscovery();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + jar, e);
        }
    }

    URI issuer() {
        return issuer;
    }

    /** A new browser session of {@code user} at {@code client}: the access token, with auth_time now. */
    String login(String client, UUID user, String scope) {
        return new OidcLogin(issuer, client, client + "-secret", URI.create(REDIRECT))
                .login(user.toString(), PASSWORD, scope);
    }

    /** A new browser session of {@code user} at the fleet's client, asking for {@code openid} only. */
    String login(UUID user) {
        return login(CLIENT, user, "openid");
    }

    private void awaitDiscovery() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = issuer.resolve("/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The OpenID provider exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(discovery)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(250));
        }
        close();
        throw new IllegalStateException(
                "The OpenID provider did not serve " + discovery + " within " + START_TIMEOUT + ", see " + log);
    }

    private static Path executableJar(Path repoRoot) {
        Path target = repoRoot.resolve("e2e-identity-provider/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No executable jar of e2e-identity-provider in " + target + ": build it first"));
        } catch (IOException e) {
            throw new UncheckedIOException("No e2e-identity-provider build in " + target, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
