package com.bakeryia.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetBenchmarkOptionsTests {

    @Test
    void defaultsToFiveRoundsAndFourBystandersAtFiftyQueriesPerSecond() {
        var options = FleetBenchmark.Options.parse(new String[0]);

        assertThat(options.rounds()).isEqualTo(5);
        assertThat(options.bystander()).isTrue();
        assertThat(options.bystanderClients()).isEqualTo(4);
        assertThat(options.bystanderRate()).isEqualTo(50);
        assertThat(options.bystanderIdle()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void readsAQuickRunWithoutScalingSizesOrBystanders() {
        var options = FleetBenchmark.Options.parse(new String[] {
            "--rows", "20000", "--rounds", "2", "--scaling", "", "--bystander", "false", "--bystander-idle-s", "3"
        });

        assertThat(options.rows()).isEqualTo(20_000);
        assertThat(options.rounds()).isEqualTo(2);
        assertThat(options.scaling()).isEqualTo(List.of());
        assertThat(options.bystander()).isFalse();
        assertThat(options.bystanderIdle()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsAnUnknownArgumentAMissingValueAndANonBooleanSwitch() {
        assertThatThrownBy(() -> FleetBenchmark.Options.parse(new String[] {"--row", "1"}))
                .hasMessageContaining("unknown argument --row");
        assertThatThrownBy(() -> FleetBenchmark.Options.parse(new String[] {"--rows"}))
                .hasMessageContaining("--rows needs a value");
        assertThatThrownBy(() -> FleetBenchmark.Options.parse(new String[] {"--bystander", "no"}))
                .hasMessageContaining("true or false");
    }
}
