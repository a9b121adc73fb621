package com.bakeryia.tenant.tenants;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.core.RegistryStore;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * The per-user limit on creating tenants ({@code tenant.creation.rate-limit}): one resilience4j
 * {@link RateLimiter} per user id, {@code limit} permissions per {@code refresh-period}, none waited
 * for. The limiters live in a {@link RateLimiterRegistry} whose store is a Caffeine cache bounded by
 * {@code max-users} and expiring a limiter a whole refresh period after its last use (its allowance
 * is whole again by then), so a flood of user ids cannot grow memory without limit. In memory, per
 * instance: with n instances behind a balancer a user gets up to n times the limit.
 */
@Component
class TenantCreationRateLimit {

    static final URI TOO_MANY_REQUESTS = URI.create("urn:bakery-ia:problem:too-many-requests");

    private final RateLimiterRegistry limiters;
    private final TenantCreationProperties.RateLimit limit;

    TenantCreationRateLimit(TenantCreationProperties properties) {
        this.limit = properties.rateLimit();
        this.limiters = RateLimiterRegistry.custom()
                .withRateLimiterConfig(RateLimiterConfig.custom()
                        .limitForPeriod(limit.limit())
                        .limitRefreshPeriod(limit.refreshPeriod())
                        .timeoutDuration(Duration.ZERO)
                        .build())
                .withRegistryStore(new BoundedStore(limit.maxUsers(), limit.refreshPeriod()))
                .build();
    }

    /**
     * Takes one creation from the user's allowance.
     *
     * @param userId the caller
     * @throws ErrorResponseException 429 {@code too-many-requests} with {@code Retry-After} when the
     *     allowance is used up
     */
    void acquire(UUID userId) {
        RateLimiter limiter = limiters.rateLimiter(userId.toString());
        if (limiter.acquirePermission()) {
            return;
        }
        long retryAfter = retryAfterSeconds(limiter);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                "A user may create at most " + limit.limit() + " tenants per "
                        + limit.refreshPeriod().toSeconds() + " s; try again in " + retryAfter + " s");
        problem.setType(TOO_MANY_REQUESTS);
        problem.setTitle("Too many requests");
        ErrorResponseException refusal = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        throw refusal;
    }

    /** How many users' limiters are kept now. */
    long usersKept() {
        return limiters.getAllRateLimiters().size();
    }

    private long retryAfterSeconds(RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait()
                : limit.refreshPeriod().toNanos();
        return Math.max(1, Duration.ofNanos(nanos).plusNanos(999_999_999).toSeconds());
    }

    /** The registry's store: a bounded Caffeine cache instead of resilience4j's unbounded map. */
    private static final class BoundedStore implements RegistryStore<RateLimiter> {

        private final Cache<String, RateLimiter> cache;

        BoundedStore(long maxUsers, Duration idleExpiry) {
            this.cache = Caffeine.newBuilder()
                    .maximumSize(maxUsers)
                    .expireAfterAccess(idleExpiry)
                    .executor(Runnable::run)
                    .build();
        }

        @Override
        public RateLimiter computeIfAbsent(String key, Function<? super String, ? extends RateLimiter> create) {
            return cache.get(key, create);
        }

        @Override
        public @Nullable RateLimiter putIfAbsent(String key, RateLimiter value) {
            return cache.asMap().putIfAbsent(key, value);
        }

        @Override
        public Optional<RateLimiter> find(String key) {
            return Optional.ofNullable(cache.getIfPresent(key));
        }

        @Override
        public Optional<RateLimiter> remove(String key) {
            return Optional.ofNullable(cache.asMap().remove(key));
        }

        @Override
        public Optional<RateLimiter> replace(String key, RateLimiter value) {
            return Optional.ofNullable(cache.asMap().replace(key, value));
        }

        @Override
        public Collection<RateLimiter> values() {
            cache.cleanUp();
            return cache.asMap().values();
        }
    }
}
