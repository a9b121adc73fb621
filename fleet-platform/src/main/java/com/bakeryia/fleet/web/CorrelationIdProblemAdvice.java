package com.bakeryia.fleet.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Puts the request's {@link CorrelationId} in every problem Spring MVC writes, whoever made it (a
 * {@link FleetProblemException}, a service's {@code @ExceptionHandler}, Spring's own problem
 * details), as the extension member {@value CorrelationId#PROPERTY}.
 */
@RestControllerAdvice
final class CorrelationIdProblemAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(
            @Nullable Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        String id = CorrelationId.current();
        if (body instanceof ProblemDetail problem && id != null) {
            problem.setProperty(CorrelationId.PROPERTY, id);
        }
        return body;
    }
}
