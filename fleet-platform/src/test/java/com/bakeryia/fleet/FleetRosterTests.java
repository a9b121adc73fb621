package com.bakeryia.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

class FleetRosterTests {

    @Test
    void readsTheRepositorysRosterInItsOrder() {
        FleetRoster roster = FleetRoster.read(Path.of("..").toAbsolutePath().normalize());

        assertThat(roster.tenant().name()).isEqualTo("tenant-service");
        assertThat(roster.orchestrator().port()).isEqualTo(8082);
        assertThat(roster.ofKind(FleetRoster.Kind.DOMAIN)).first().satisfies(orders -> {
            assertThat(orders.name()).isEqualTo("orders-service");
            assertThat(orders.urlVariable()).isEqualTo("ORDERS_SERVICE_URL");
            assertThat(orders.localUrl()).hasToString("http://127.0.0.1:8101");
        });
        assertThat(roster.called()).noneMatch(service -> service.kind() == FleetRoster.Kind.ORCHESTRATOR);
        assertThat(roster.find("alert-processor-service"))
                .get()
                .extracting(FleetRoster.Service::schema)
                .isEqualTo("alert_processor");
    }

    @Test
    void refusesAPortListedTwice() {
        assertThatIllegalStateException()
                .isThrownBy(() -> FleetRoster.read(roster(
                        "{name: tenant-service, port: 8081, schema: tenant, kind: tenant}",
                        "{name: orchestrator-service, port: 8082, schema: orchestrator, kind: orchestrator}",
                        "{name: orders-service, port: 8082, schema: orders, kind: domain}")))
                .withMessageContaining("port 8082 is listed twice");
    }

    @Test
    void refusesARosterWithoutTenantService() {
        assertThatIllegalStateException()
                .isThrownBy(() -> FleetRoster.read(roster(
                        "{name: orchestrator-service, port: 8082, schema: orchestrator, kind: orchestrator}",
                        "{name: orders-service, port: 8101, schema: orders, kind: domain}")))
                .withMessageContaining("exactly one service of kind TENANT");
    }

    private static ByteArrayResource roster(String... lines) {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (String line : lines) {
            yaml.append("  - ").append(line).append('\n');
        }
        return new ByteArrayResource(yaml.toString().getBytes(StandardCharsets.UTF_8), "test roster") {
            @Override
            public String getFilename() {
                return "fleet.yaml";
            }
        };
    }
}
