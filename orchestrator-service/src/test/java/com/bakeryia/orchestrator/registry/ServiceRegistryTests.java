package com.bakeryia.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

class ServiceRegistryTests {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(30);

    @Test
    void listsEnabledServicesInConfigurationOrderWithTheFinalServiceLast() {
        Map<String, ServiceRegistryProperties.Service> services = new LinkedHashMap<>();
        services.put("tenant-service", service("http://127.0.0.1:8081", true));
        services.put("orders-service", service("http://127.0.0.1:8101", true));
        services.put("pos-service", service("http://127.0.0.1:8107", false));
        services.put("alert-processor-service", service("http://127.0.0.1:8111/", true));

        ServiceRegistry registry = new ServiceRegistry(new ServiceRegistryProperties(services, "tenant-service"));

        assertThat(registry.steps())
                .extracting(ServiceEndpoint::name)
                .containsExactly("orders-service", "alert-processor-service", "tenant-service");
        assertThat(registry.steps()).extracting(ServiceEndpoint::finalStep).containsExactly(false, false, true);
        assertThat(registry.find("pos-service")).isEmpty();
    }

    @Test
    void listsTheServicesOfTheStepOrderInThatOrderBeforeOthersWithTheFinalServiceLast() {
        Map<String, ServiceRegistryProperties.Service> services = new LinkedHashMap<>();
        services.put("training-service", service("http://127.0.0.1:8110", true));
        services.put("extra-service", service("http://127.0.0.1:8199", true));
        services.put("tenant-service", service("http://127.0.0.1:8081", true));
        services.put("orders-service", service("http://127.0.0.1:8101", true));

        ServiceRegistry registry = new ServiceRegistry(
                new ServiceRegistryProperties(services, "tenant-service"),
                List.of("tenant-service", "orders-service", "training-service"));

        assertThat(registry.steps())
                .extracting(ServiceEndpoint::name)
                .containsExactly("orders-service", "training-service", "extra-service", "tenant-service");
    }

    @Test
    void buildsTheDeletionPathsFromTheServiceName() {
        UUID tenant = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
        ServiceEndpoint alerts =
                new ServiceEndpoint("alert-processor-service", URI.create("http://host:8111/"), CONNECT, READ, false);

        assertThat(alerts.pathSegment()).isEqualTo("alert-processor");
        assertThat(alerts.deletionUri(tenant))
                .isEqualTo(URI.create("http://host:8111/api/v1/alert-processor/tenant/" + tenant));
        assertThat(alerts.previewUri(tenant))
                .isEqualTo(
                        URI.create("http://host:8111/api/v1/alert-processor/tenant/" + tenant + "/deletion-preview"));
    }

    @Test
    void refusesAFinalServiceThatIsMissingOrDisabled() {
        Map<String, ServiceRegistryProperties.Service> services = Map.of(
                "orders-service", service("http://127.0.0.1:8101", true),
                "tenant-service", service("http://127.0.0.1:8081", false));

        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> new ServiceRegistry(new ServiceRegistryProperties(services, "tenant-service")))
                .withMessageContaining("orchestrator.final-service");
    }

    @Test
    void refusesAServiceWithoutBaseUrl() {
        Map<String, ServiceRegistryProperties.Service> services = Map.of(
                "orders-service",
                new ServiceRegistryProperties.Service(null, true, CONNECT, READ),
                "tenant-service",
                service("http://127.0.0.1:8081", true));

        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> new ServiceRegistry(new ServiceRegistryProperties(services, "tenant-service")))
                .withMessageContaining("orchestrator.services.orders-service.base-url");
    }

    private static ServiceRegistryProperties.Service service(String url, boolean enabled) {
        return new ServiceRegistryProperties.Service(URI.create(url), enabled, CONNECT, READ);
    }
}
