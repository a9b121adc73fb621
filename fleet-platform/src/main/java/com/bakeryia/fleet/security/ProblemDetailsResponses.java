package com.bakeryia.fleet.security;

import com.bakeryia.fleet.web.CorrelationId;
import com.bakeryia.fleet.web.FleetProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes RFC 9457 problem details (with the request's {@link CorrelationId}) and RFC 6750 {@code
 * WWW-Authenticate} challenges.
 */
final class ProblemDetailsResponses {

    private static final int MAX_HEADER_DESCRIPTION_LENGTH = 200;

    private ProblemDetailsResponses() {}

    static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            ObjectMapper objectMapper,
            FleetProblem kind,
            HttpStatusCode status,
            String detail)
            throws IOException {
        // A bearer token error may carry a status of its own (400 for a malformed request, RFC 6750).
        ProblemDetail problem = status.value() == kind.status().value()
                ? kind.detail(detail)
                : ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", String.valueOf(problem.getInstance()));
        String correlationId = CorrelationId.current();
        if (correlationId != null) {
            body.put(CorrelationId.PROPERTY, correlationId);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), body);
    }

    static void challenge(HttpServletResponse response, Map<String, String> parameters) {
        StringBuilder challenge = new StringBuilder("Bearer");
        String separator = " ";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            challenge
                    .append(separator)
                    .append(parameter.getKey())
                    .append("=\"")
                    .append(quotable(parameter.getValue()))
                    .append('"');
            separator = ", ";
        }
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
    }

    private static String quotable(String value) {
        StringBuilder quotable = new StringBuilder();
        value.codePoints()
                .limit(MAX_HEADER_DESCRIPTION_LENGTH)
                .map(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?')
                .forEach(quotable::appendCodePoint);
        return quotable.toString();
    }
}
