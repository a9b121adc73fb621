package com.bakeryia.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.FleetRoster;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

class FleetRosterEnvironmentPostProcessorTests {

    private static final FleetRoster ROSTER = FleetRoster.fromClasspath();
    private static final String PROPERTY_SOURCE = FleetRosterEnvironmentPostProcessor.PROPERTY_SOURCE_NAME;

    @Test
    void theJarCarriesTheRosterOfTheRepository() {
        assertThat(ROSTER).isEqualTo(FleetRoster.read(new FileSystemResource("../fleet.yaml")));
        assertThat(ROSTER.called())
                .extracting(FleetRoster.Service::name)
                .hasSize(ROSTER.services().size() - 1)
                .startsWith("tenant-service", "orders-service")
                .doesNotContain("orchestrator-service");
    }

    @Test
    void registersEveryCalledServiceOfTheRosterWithItsLocalUrlAndEnvironmentOverride() {
        StandardEnvironment environment = environment(Map.of());

        Map<String, ServiceRegistryProperties.Service> services =
                bind(environment).services();

        assertThat(services.keySet())
                .containsExactlyElementsOf(
                        ROSTER.called().stream().map(FleetRoster.Service::name).toList());
        assertThat(services.get("orders-service").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8101"));
        assertThat(services.get("tenant-service").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(environment.getProperty("orchestrator.services.alert-processor-service.base-url"))
                .isEqualTo("http://127.0.0.1:8111");
        assertThat(ROSTER.called().get(1).urlVariable()).isEqualTo("ORDERS_SERVICE_URL");
    }

    @Test
    void theServiceUrlVariablesOfComposeAndKubernetesStillWin() {
        StandardEnvironment environment = environment(Map.of(
                "ALERT_PROCESSOR_SERVICE_URL", "http://alert-processor-service:8111",
                "TENANT_SERVICE_URL", "http://tenant-service:8081"));

        Map<String, ServiceRegistryProperties.Service> services =
                bind(environment).services();

        assertThat(services.get("alert-processor-service").baseUrl())
                .isEqualTo(URI.create("http://alert-processor-service:8111"));
        assertThat(services.get("tenant-service").baseUrl()).isEqualTo(URI.create("http://tenant-service:8081"));
        assertThat(services.get("orders-service").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8101"));
    }

    @Test
    void anExplicitPropertyWinsOverTheRostersDefault() {
        StandardEnvironment environment = environment(Map.of(
                "orchestrator.services.orders-service.base-url", "http://orders.internal:9000",
                "orchestrator.services.pos-service.enabled", "false"));

        ServiceRegistry registry = registry(environment);

        assertThat(registry.find("orders-service").orElseThrow().baseUrl())
                .isEqualTo(URI.create("http://orders.internal:9000"));
        assertThat(registry.find("pos-service")).isEmpty();
    }

    @Test
    void theOrchestratorsOwnConfigurationListsTheRostersServicesInItsOrderTheFinalServiceLast() throws IOException {
        StandardEnvironment environment = environment(Map.of());
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addBefore(PROPERTY_SOURCE, source));

        ServiceRegistry registry = registry(environment);

        Stream<String> domain = ROSTER.services().stream()
                .filter(member -> member.kind() == FleetRoster.Kind.DOMAIN)
                .map(FleetRoster.Service::name);
        assertThat(registry.steps())
                .extracting(ServiceEndpoint::name)
                .containsExactlyElementsOf(
                        Stream.concat(domain, Stream.of("tenant-service")).toList());
        assertThat(registry.find("training-service").orElseThrow().readTimeout())
                .isEqualTo(Duration.ofSeconds(300));
        assertThat(registry.find("orders-service").orElseThrow().readTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void leavesOutWhatTheApplicationsDefaultPropertiesSet() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        DefaultPropertiesPropertySource.NAME,
                        Map.of("orchestrator.services.orders-service.base-url", "http://defaults:1")));

        new FleetRosterEnvironmentPostProcessor(ROSTER).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment
                        .getPropertySources()
                        .get(PROPERTY_SOURCE)
                        .containsProperty("orchestrator.services.orders-service.base-url"))
                .isFalse();
        assertThat(environment.getProperty("orchestrator.services.inventory-service.base-url"))
                .isEqualTo("http://127.0.0.1:8102");
    }

    /** An environment without the machine's variables, with these properties above the roster's defaults. */
    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new FleetRosterEnvironmentPostProcessor(ROSTER).postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static ServiceRegistryProperties bind(StandardEnvironment environment) {
        return Binder.get(environment).bindOrCreate("orchestrator", ServiceRegistryProperties.class);
    }

    private static ServiceRegistry registry(StandardEnvironment environment) {
        return new ServiceRegistry(
                bind(environment),
                ROSTER.called().stream().map(FleetRoster.Service::name).toList());
    }
}
