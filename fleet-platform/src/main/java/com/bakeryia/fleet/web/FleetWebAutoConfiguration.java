package com.bakeryia.fleet.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Ids are types at the edge: in a servlet web application, {@code @PathVariable UUID} and {@code
 * @RequestParam UUID} parameters are read by {@link CanonicalUuidConverter} (in the conversion service
 * and, through {@link CanonicalUuidControllerAdvice}, in data binding) and a refused one is answered
 * as the controller declares ({@link InvalidId}); and
 * Spring Boot's {@link ObjectMapper} reads {@link UUID} fields of JSON bodies by the same rule (Jackson
 * alone also reads base64 and {@code 1-1-1-1-1}). A request body over {@code
 * deletion.web.max-request-body-size} is refused with 413 ({@link RequestBodyLimitFilter}), and Spring
 * MVC's own problem details come from {@link FleetProblemDetailsExceptionHandler} (before Boot's, which
 * then backs off). Every request gets a {@link CorrelationId} ({@link CorrelationIdFilter}, first of
 * all filters) that every problem body carries ({@link CorrelationIdProblemAdvice}); an exception no
 * handler answers is a 500 that quotes it ({@link UnexpectedExceptionResolver}).
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@EnableConfigurationProperties(FleetWebProperties.class)
class FleetWebAutoConfiguration {

    static final String JACKSON_MODULE = "canonicalUuidJacksonModule";
    static final String REQUEST_BODY_LIMIT_FILTER = "requestBodyLimitFilter";
    static final String CORRELATION_ID_FILTER = "correlationIdFilter";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class MvcConfiguration {

        @Bean
        WebMvcConfigurer canonicalUuidWebMvcConfigurer() {
            return new WebMvcConfigurer() {
                @Override
                public void addFormatters(FormatterRegistry registry) {
                    registry.addConverter(new CanonicalUuidConverter());
                }

                @Override
                public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
                    resolvers.add(new UnexpectedExceptionResolver());
                }
            };
        }

        @Bean
        @ConditionalOnMissingBean
        CanonicalUuidControllerAdvice canonicalUuidControllerAdvice() {
            return new CanonicalUuidControllerAdvice();
        }

        @Bean
        @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
        FleetProblemDetailsExceptionHandler fleetProblemDetailsExceptionHandler() {
            return new FleetProblemDetailsExceptionHandler();
        }

        @Bean
        @ConditionalOnMissingBean
        CorrelationIdProblemAdvice correlationIdProblemAdvice() {
            return new CorrelationIdProblemAdvice();
        }

        @Bean
        @ConditionalOnMissingBean(name = CORRELATION_ID_FILTER)
        FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
            FilterRegistrationBean<CorrelationIdFilter> registration =
                    new FilterRegistrationBean<>(new CorrelationIdFilter());
            registration.setOrder(CorrelationIdFilter.ORDER);
            registration.setName(CORRELATION_ID_FILTER);
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            return registration;
        }

        @Bean
        @ConditionalOnMissingBean(name = REQUEST_BODY_LIMIT_FILTER)
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(FleetWebProperties properties) {
            FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                    new RequestBodyLimitFilter(properties.maxRequestBodySize().toBytes()));
            registration.setOrder(RequestBodyLimitFilter.ORDER);
            registration.setName(REQUEST_BODY_LIMIT_FILTER);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObjectMapper.class)
    static class JacksonConfiguration {

        @Bean(JACKSON_MODULE)
        @ConditionalOnMissingBean(name = JACKSON_MODULE)
        Module canonicalUuidJacksonModule() {
            return new SimpleModule("canonical-uuid").addDeserializer(UUID.class, new CanonicalUuidDeserializer());
        }
    }

    static final class CanonicalUuidDeserializer extends StdScalarDeserializer<UUID> {

        private static final long serialVersionUID = 1L;

        CanonicalUuidDeserializer() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) context.handleUnexpectedToken(UUID.class, parser);
            }
            String text = parser.getText();
            Optional<UUID> id = CanonicalUuidConverter.parse(text);
            if (id.isPresent()) {
                return id.get();
            }
            return (UUID) context.handleWeirdStringValue(
                    UUID.class, text, "not a canonical UUID (8-4-4-4-12 hexadecimal digits)");
        }
    }
}
