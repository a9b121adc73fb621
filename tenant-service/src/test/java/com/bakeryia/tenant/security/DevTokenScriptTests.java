package com.bakeryia.tenant.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.security.converter.RsaKeyConverters;

/** {@code scripts/dev-token} mints user tokens that the local profile's public key verifies. */
class DevTokenScriptTests {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = REPOSITORY.resolve("scripts/dev-token");

    @Test
    void mintsAnRs256TokenForTheUserSignedWithTheDevKey() throws Exception {
        UUID user = UUID.randomUUID();

        Result result = run("--user", user.toString(), "--roles", "deletion-ops,auditor", "--ttl", "120");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        SignedJWT token = SignedJWT.parse(result.stdout().strip());
        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(token.verify(new RSASSAVerifier(devPublicKey()))).isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("bakery-dev-users");
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringListClaim("roles")).containsExactly("deletion-ops", "auditor");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(claims.getAudience()).containsExactly("bakery-ia");
        assertThat(claims.getLongClaim("auth_time"))
                .isEqualTo(claims.getIssueTime().toInstant().getEpochSecond());
    }

    @Test
    void namesAnotherAudienceWhenAsked() throws Exception {
        Result result = run("--user", UUID.randomUUID().toString(), "--aud", "another-client");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(claims(result).getAudience()).containsExactly("another-client");
    }

    @Test
    void setsAuthTimeNowAtAnEpochSecondOrSecondsAgo() throws Exception {
        String user = UUID.randomUUID().toString();

        JWTClaimsSet now = claims(run("--user", user, "--auth-time", "now"));
        JWTClaimsSet epoch = claims(run("--user", user, "--auth-time", "1700000000"));
        JWTClaimsSet tenMinutesAgo = claims(run("--user", user, "--auth-time", "-600"));

        assertThat(now.getLongClaim("auth_time"))
                .isEqualTo(now.getIssueTime().toInstant().getEpochSecond());
        assertThat(epoch.getLongClaim("auth_time")).isEqualTo(1700000000L);
        assertThat(tenMinutesAgo.getLongClaim("auth_time"))
                .isEqualTo(tenMinutesAgo.getIssueTime().toInstant().getEpochSecond() - 600);
    }

    @Test
    void leavesAuthTimeOutWhenAsked() throws Exception {
        JWTClaimsSet claims = claims(run("--user", UUID.randomUUID().toString(), "--no-auth-time"));

        assertThat(claims.getClaims()).doesNotContainKey("auth_time");
    }

    @Test
    void refusesAMalformedAuthTimeOrAudience() throws Exception {
        String user = UUID.randomUUID().toString();
        for (String authTime : List.of("yesterday", "-", "1.5", "--5", "")) {
            Result refused = run("--user", user, "--auth-time", authTime);
            assertThat(refused.exitCode()).as(authTime).isNotZero();
            assertThat(refused.stderr()).as(authTime).contains("--auth-time");
        }
        assertThat(run("--user", user, "--auth-time").exitCode()).isNotZero();
        assertThat(run("--user", user, "--aud", "a\"b").exitCode()).isNotZero();
        assertThat(run("--user", user, "--aud", "").exitCode()).isNotZero();
    }

    @Test
    void refusesAMissingOrMalformedUser() throws Exception {
        assertThat(run().exitCode()).isNotZero();
        Result malformed = run("--user", "1-1-1-1-1");
        assertThat(malformed.exitCode()).isNotZero();
        assertThat(malformed.stderr()).contains("canonical UUID");
        assertThat(run("--user", UUID.randomUUID().toString(), "--roles", "a\"b")
                        .exitCode())
                .isNotZero();
    }

    @Test
    void explainsItselfWithHelp() throws Exception {
        Result help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout())
                .contains("--user")
                .contains("--roles")
                .contains("--ttl")
                .contains("--aud")
                .contains("--auth-time")
                .contains("--no-auth-time");
    }

    private static JWTClaimsSet claims(Result result) throws Exception {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        SignedJWT token = SignedJWT.parse(result.stdout().strip());
        assertThat(token.verify(new RSASSAVerifier(devPublicKey()))).isTrue();
        return token.getJWTClaimsSet();
    }

    private static RSAPublicKey devPublicKey() throws IOException {
        try (InputStream pem = Files.newInputStream(REPOSITORY.resolve("config/local/dev-user-token-public.pem"))) {
            return RsaKeyConverters.x509().convert(pem);
        }
    }

    private static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("BAKERY_CONFIG_DIR");
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stdout, stderr);
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
