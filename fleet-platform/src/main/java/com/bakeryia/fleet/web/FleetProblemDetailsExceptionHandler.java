package com.bakeryia.fleet.web;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own problem details ({@code spring.mvc.problemdetails.enabled}), in the place of
 * Spring Boot's {@code ProblemDetailsExceptionHandler} and at its order: the same answers, except
 * that a body read past {@code deletion.web.max-request-body-size} is 413 {@link
 * FleetProblem#REQUEST_TOO_LARGE} instead of 400.
 */
@RestControllerAdvice
@Order(0)
public class FleetProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Optional<RequestBodyTooLargeException> tooLarge = RequestBodyTooLargeException.in(ex);
        if (tooLarge.isPresent()) {
            ProblemDetail problem =
                    RequestBodyLimitFilter.problem(tooLarge.get().limit());
            return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }
}
