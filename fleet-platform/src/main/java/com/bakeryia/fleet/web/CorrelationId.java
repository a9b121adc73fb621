package com.bakeryia.fleet.web;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation id of the request being served: taken from the request's {@value #HEADER} when
 * it is a sane token (at most 64 characters of {@code [A-Za-z0-9._-]}), else a random UUID; set by
 * {@link CorrelationIdFilter}, sent back in {@value #HEADER}, in the log's MDC under {@value
 * #MDC_KEY} and in every problem body of the fleet as the extension member {@value #PROPERTY}. A
 * caller quotes it; the log line with the cause carries it.
 */
public final class CorrelationId {

    /** The request and response header. */
    public static final String HEADER = "X-Correlation-Id";

    /** The MDC key of the log lines written while the request is served. */
    public static final String MDC_KEY = "correlation_id";

    /** The problem bodies' extension member. */
    public static final String PROPERTY = "correlation_id";

    /** The request attribute that keeps the id for the request's later dispatches (error, async). */
    static final String ATTRIBUTE = CorrelationId.class.getName();

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private CorrelationId() {}

    /**
     * The id of the request served on this thread.
     *
     * @return the id, or {@code null} outside a request
     */
    public static @Nullable String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * Whether a caller's id is taken as it is.
     *
     * @param id the header's value
     * @return whether it has at most 64 characters, all of {@code [A-Za-z0-9._-]}
     */
    static boolean isSane(@Nullable String id) {
        return id != null && SANE.matcher(id).matches();
    }
}
