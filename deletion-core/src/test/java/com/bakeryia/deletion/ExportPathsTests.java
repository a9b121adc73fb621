package com.bakeryia.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportPathsTests {

    @ParameterizedTest
    @CsvSource({
        "model.bin, model.bin",
        "a/b/model.bin, a/b/model.bin",
        "./a//b/./model.bin, a/b/model.bin",
        "a/b/, a/b",
        "..a/b..c, ..a/b..c"
    })
    void dropsDotAndEmptySegments(String path, String normalised) throws IOException {
        assertThat(ExportPaths.normalise(path)).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"../x", "a/../../x", "a/..", "/etc/passwd", "a\\b", "a\nb", "a\u0000b", "", ".", "./", "//"})
    void refusesAPathThatLeavesItsFolderOrNamesNothing(String path) {
        assertThatThrownBy(() -> ExportPaths.normalise(path))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("refused export path");
    }

    @Test
    void copiesTheTenantsRowsWithTheTenantAsALiteralAndQuotedIdentifiers() {
        UUID tenant = UUID.fromString("8a6f0b9e-0000-4000-8000-000000000001");
        var plan = new DeletionPlan(
                "odd\"schema",
                java.util.List.of("order \"lines\""),
                java.util.Map.of(),
                java.util.Set.of(),
                java.util.Set.of());

        String copy = TableStatements.of(plan).getFirst().exportCopy(tenant);

        assertThat(copy)
                .isEqualTo("COPY (SELECT row_to_json(t.*)::text FROM \"odd\"\"schema\".\"order \"\"lines\"\"\" AS t"
                        + " WHERE t.tenant_id = '8a6f0b9e-0000-4000-8000-000000000001')"
                        + " TO STDOUT (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')");
    }
}
