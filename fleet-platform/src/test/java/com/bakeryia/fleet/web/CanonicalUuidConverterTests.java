package com.bakeryia.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalUuidConverterTests {

    private static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    private final CanonicalUuidConverter converter = new CanonicalUuidConverter();

    @Test
    void readsTheCanonicalFormInEitherCase() {
        assertThat(converter.convert(ID)).isEqualTo(UUID.fromString(ID));
        assertThat(converter.convert(ID.toUpperCase())).isEqualTo(UUID.fromString(ID));
    }

    @Test
    void refusesWhatUuidFromStringWouldRead() {
        assertThatIllegalArgumentException().isThrownBy(() -> converter.convert("1-1-1-1-1"));
        assertThatIllegalArgumentException().isThrownBy(() -> converter.convert(ID.replace("-", "")));
    }

    @Test
    void parsesTextThatSpringDoesNotBind() {
        assertThat(CanonicalUuidConverter.parse(ID)).contains(UUID.fromString(ID));
        assertThat(CanonicalUuidConverter.parse(null)).isEmpty();
        assertThat(CanonicalUuidConverter.parse("1-1-1-1-1")).isEmpty();
    }
}
