package com.bakeryia.idp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A person logging in at an OpenID provider as a browser would, for the end-to-end suite: issuer
 * discovery, the authorization-code flow with PKCE through the provider's login form (Spring
 * Security's default page, with its CSRF token), and the code exchanged at the token endpoint by a
 * confidential client. Each {@link #login} is a new browser session, so the token's {@code
 * auth_time} is the time of that login.
 */
public final class OidcLogin {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI issuer;
    private final String clientId;
    private final String clientSecret;
    private final URI redirectUri;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * A client of the provider.
     *
     * @param issuer the provider's issuer (discovery at {@code /.well-known/openid-configuration})
     * @param clientId the client
     * @param clientSecret its secret (HTTP basic at the token endpoint)
     * @param redirectUri its registered redirect URI (never called: the code is read from the redirect)
     */
    public OidcLogin(URI issuer, String clientId, String clientSecret, URI redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /**
     * Logs the user in through the login form and returns the access token the client gets.
     *
     * @param username the login name
     * @param password the password
     * @param scope the scopes asked for, space-separated ({@code openid} and any other the client may ask)
     * @return the access token (a JWT)
     */
    public String login(String username, String password, String scope) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .build();
        JsonNode metadata = json(get(browser, issuer.resolve("/.well-known/openid-configuration")), "discovery");
        if (!issuer.toString().equals(metadata.path("issuer").asText())) {
            throw new IllegalStateException("The provider's metadata names issuer " + metadata.path("issuer"));
        }
        String verifier = randomToken();
        String state = randomToken();
        URI authorize = UriComponentsBuilder.fromUriString(
                        metadata.path("authorization_endpoint").asText())
                .queryParam("response_type", "code")
                .queryParam("client_id", clientId)
                .queryParam("redirect_uri", redirectUri)
                .queryParam("scope", scope)
                .queryParam("state", state)
                .queryParam("code_challenge", challenge(verifier))
                .queryParam("code_challenge_method", "S256")
                .encode()
                .build()
                .toUri();
        URI loginPage = redirected(get(browser, authorize), authorize);
        HttpResponse<String> page = get(browser, loginPage);
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("No login form at " + loginPage + ": HTTP " + page.statusCode());
        }
        HttpResponse<String> loggedIn = post(
                browser, loginPage, null, Map.of("username", username, "password", password, "_csrf", csrf.group(1)));
        URI back = redirected(loggedIn, loginPage);
        if (back.getPath().endsWith("/login")) {
            throw new IllegalStateException("The provider refused the login of " + username);
        }
        URI callback = redirected(get(browser, back), back);
        Map<String, String> answer =
                UriComponentsBuilder.fromUri(callback).build().getQueryParams().toSingleValueMap();
        if (!state.equals(answer.get("state")) || answer.get("code") == null) {
            throw new IllegalStateException("The provider redirected without a code for this request: " + callback);
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", answer.get("code"));
        exchange.put("redirect_uri", redirectUri.toString());
        exchange.put("code_verifier", verifier);
        String basic =
                Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        JsonNode token = json(
                post(browser, URI.create(metadata.path("token_endpoint").asText()), "Basic " + basic, exchange),
                "token request");
        return token.path("access_token").asText();
    }

    private JsonNode json(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI redirected(HttpResponse<String> response, URI from) {
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() ->
                        new IllegalStateException(from + " answered HTTP " + response.statusCode() + ", no redirect"));
        return from.resolve(location);
    }

    private static HttpResponse<String> get(HttpClient browser, URI uri) {
        return send(browser, HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    }

    private static HttpResponse<String> post(
            HttpClient browser, URI uri, @Nullable String authorization, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(browser, request.build());
    }

    private static HttpResponse<String> send(HttpClient browser, HttpRequest request) {
        try {
            return browser.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach the OpenID provider at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to the OpenID provider", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
