package com.bakeryia.fleet.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalUuidTests {

    @ParameterizedTest
    @ValueSource(strings = {"3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3F2504E0-4F89-41D3-9A0C-0305E82C3301"})
    void acceptsEightFourFourFourTwelveHexDigits(String text) {
        assertThat(CanonicalUuid.isCanonical(text)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "1-1-1-1-1",
                "3f2504e04f8941d39a0c0305e82c3301",
                "3f2504e0-4f89-41d3-9a0c-0305e82c3301 ",
                "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
                "3g2504e0-4f89-41d3-9a0c-0305e82c3301",
                "not-a-uuid"
            })
    void rejectsAnythingElse(String text) {
        assertThat(CanonicalUuid.isCanonical(text)).isFalse();
    }
}
