package com.bakeryia.fleet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The last of Spring MVC's exception resolvers (after the {@code @ExceptionHandler}s, {@code
 * @ResponseStatus} and Spring's defaults): an exception none of them answered is logged at ERROR
 * with the request's {@link CorrelationId} and answered with 500 {@link FleetProblem#INTERNAL_ERROR},
 * whose detail quotes the id and says nothing of the cause. Spring Security's exceptions are left to
 * its chain (401, 403).
 */
final class UnexpectedExceptionResolver implements HandlerExceptionResolver {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedExceptionResolver.class);

    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception ex) {
        if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException || response.isCommitted()) {
            return null;
        }
        UnexpectedExceptions.log(log, request, ex);
        try {
            response.reset();
            String id = CorrelationId.current();
            if (id != null) {
                response.setHeader(CorrelationId.HEADER, id);
            }
            ProblemResponses.write(request, response, UnexpectedExceptions.problem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelAndView();
    }
}
