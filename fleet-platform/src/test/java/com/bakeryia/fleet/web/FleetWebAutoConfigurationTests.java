package com.bakeryia.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

class FleetWebAutoConfigurationTests {

    private static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    WebMvcAutoConfiguration.class,
                    FleetWebAutoConfiguration.class))
            .withPropertyValues("spring.mvc.problemdetails.enabled=true")
            .withUserConfiguration(TenantEndpoints.class, JobEndpoints.class);

    @Test
    void readsCanonicalIdsInEitherCase() {
        contexts.run(context -> {
            MockMvc mvc = mvc(context);
            mvc.perform(get("/tenants/" + ID))
                    .andExpect(status().isOk())
                    .andExpect(content().string(ID));
            mvc.perform(get("/tenants/" + ID.toUpperCase())).andExpect(content().string(ID));
        });
    }

    @Test
    void answersANonCanonicalPathIdWithTheDefaultProblem() {
        contexts.run(context -> mvc(context)
                .perform(get("/tenants/1-1-1-1-1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:bakery-ia:problem:invalid-id"))
                .andExpect(jsonPath("$.title").value("Invalid id"))
                .andExpect(jsonPath("$.detail")
                        .value("tenant_id '1-1-1-1-1' is not a canonical UUID (8-4-4-4-12 hex digits)")));
    }

    @Test
    void answersANonCanonicalIdAsTheControllerOrMethodDeclares() {
        contexts.run(context -> {
            MockMvc mvc = mvc(context);
            mvc.perform(get("/jobs/not-a-uuid"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:bakery-ia:problem:invalid-request"))
                    .andExpect(jsonPath("$.detail").value("The job id is not a UUID: not-a-uuid"));
            mvc.perform(get("/jobs").param("tenant_id", "x"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value("tenant_id is not a UUID: x"));
        });
    }

    @Test
    void abbreviatesLongValues() {
        String value = "a".repeat(100);
        contexts.run(context -> mvc(context)
                .perform(get("/tenants/" + value))
                .andExpect(jsonPath("$.detail")
                        .value("tenant_id '" + "a".repeat(64)
                                + "...' is not a canonical UUID (8-4-4-4-12 hex digits)")));
    }

    @Test
    void leavesOtherTypeMismatchesToSpring() {
        contexts.run(context -> mvc(context)
                .perform(get("/jobs").param("size", "many"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("about:blank")));
    }

    @Test
    void readsOnlyCanonicalIdsInJsonBodies() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(JacksonAutoConfiguration.class, FleetWebAutoConfiguration.class))
                .run(context -> {
                    ObjectMapper json = context.getBean(ObjectMapper.class);
                    assertThat(json.readValue("\"" + ID + "\"", UUID.class)).isEqualTo(UUID.fromString(ID));
                    // Jackson alone reads 24 characters of base64 as a UUID.
                    assertThatThrownBy(() -> json.readValue("\"AAAAAAAAAAAAAAAAAAAAAA==\"", UUID.class))
                            .isInstanceOf(InvalidFormatException.class);
                    assertThatThrownBy(() -> json.readValue("\"1-1-1-1-1\"", UUID.class))
                            .isInstanceOf(InvalidFormatException.class);
                });
    }

    @Test
    void declaresNoMvcPartsOutsideAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FleetWebAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(CanonicalUuidControllerAdvice.class));
    }

    private static MockMvc mvc(WebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    @RestController
    static class TenantEndpoints {

        @GetMapping("/tenants/{tenantId}")
        String tenant(@PathVariable UUID tenantId) {
            return tenantId.toString();
        }
    }

    @RestController
    @InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "The %4$s is not a UUID: %2$s")
    static class JobEndpoints {

        @GetMapping("/jobs/{jobId}")
        String job(@PathVariable UUID jobId) {
            return jobId.toString();
        }

        @GetMapping("/jobs")
        @InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "%1$s is not a UUID: %2$s")
        String jobs(
                @RequestParam(name = "tenant_id", required = false) @Nullable UUID tenantId,
                @RequestParam(defaultValue = "20") int size) {
            return String.valueOf(tenantId);
        }
    }
}
