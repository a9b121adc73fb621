package com.bakeryia.fleet.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every service: gives the request its {@link CorrelationId} (the caller's
 * {@value CorrelationId#HEADER} when sane, else a random UUID), in the MDC while it is served and in
 * the response header. An exception that no handler answered and that comes back to this filter
 * (thrown by a later filter, say) is logged at ERROR with the id and answered with the fixed 500
 * {@link FleetProblem#INTERNAL_ERROR}, if the response is not committed yet.
 */
public final class CorrelationIdFilter extends OncePerRequestFilter implements Ordered {

    /** The very first filter. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final Logger log = LoggerFactory.getLogger(CorrelationIdFilter.class);

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = idOf(request);
        request.setAttribute(CorrelationId.ATTRIBUTE, id);
        if (!response.isCommitted()) {
            response.setHeader(CorrelationId.HEADER, id);
        }
        String outer = MDC.get(CorrelationId.MDC_KEY);
        MDC.put(CorrelationId.MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            UnexpectedExceptions.log(log, request, e);
            response.reset();
            response.setHeader(CorrelationId.HEADER, id);
            ProblemResponses.write(request, response, UnexpectedExceptions.problem());
        } finally {
            if (outer != null) {
                MDC.put(CorrelationId.MDC_KEY, outer);
            } else {
                MDC.remove(CorrelationId.MDC_KEY);
            }
        }
    }

    private static String idOf(HttpServletRequest request) {
        if (request.getAttribute(CorrelationId.ATTRIBUTE) instanceof String kept) {
            return kept;
        }
        @Nullable String sent = request.getHeader(CorrelationId.HEADER);
        return CorrelationId.isSane(sent) ? sent : UUID.randomUUID().toString();
    }
}
