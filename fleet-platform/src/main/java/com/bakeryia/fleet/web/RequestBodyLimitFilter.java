package com.bakeryia.fleet.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code deletion.web.max-request-body-size} with 413 {@link
 * FleetProblem#REQUEST_TOO_LARGE}. Ordered right after {@link CorrelationIdFilter}, long before
 * Spring Security's chain: a declared {@code Content-Length} over the limit is answered at once,
 * before the body is read or the token looked at. A body without a length (chunked) is read through
 * a stream that fails with {@link RequestBodyTooLargeException} once it passes the limit; whatever
 * reads it (Spring MVC's message converters) then fails, and the fleet's handlers ({@link
 * FleetProblemDetailsExceptionHandler}, {@link RequestBodyProblemHandler}, or this filter when the
 * exception comes back to it) answer 413. Such a body is read only by an endpoint the caller may
 * use, after authentication; nothing ever holds more than the limit.
 *
 * <p>Written by hand: Tomcat's {@code maxPostSize} covers form posts only, and no servlet container
 * setting answers an RFC 9457 problem.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {

    /** Right after the correlation id, before everything that might read the body or the token. */
    public static final int ORDER = CorrelationIdFilter.ORDER + 10;

    private final long limit;

    /**
     * Creates the filter.
     *
     * @param limit the largest accepted body, in bytes
     */
    public RequestBodyLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            ProblemResponses.write(request, response, problem(limit));
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            Optional<RequestBodyTooLargeException> tooLarge = RequestBodyTooLargeException.in(e);
            if (tooLarge.isEmpty() || response.isCommitted()) {
                throw e;
            }
            response.reset();
            ProblemResponses.write(request, response, problem(tooLarge.get().limit()));
        }
    }

    /**
     * The 413 problem for a body over the limit.
     *
     * @param limit the limit, in bytes
     * @return the problem
     */
    static ProblemDetail problem(long limit) {
        return FleetProblem.REQUEST_TOO_LARGE.detail("The request body is larger than the limit of " + limit
                + " bytes (deletion.web.max-request-body-size)");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private @Nullable ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestBodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
