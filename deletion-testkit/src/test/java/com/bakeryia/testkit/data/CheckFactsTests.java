package com.bakeryia.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckFactsTests {

    @Test
    void readsInListsOfVarcharTextAndIntegerColumns() {
        CheckFacts facts = CheckFacts.parse(List.of(
                "CHECK (((status)::text = ANY ((ARRAY['NEW'::character varying, 'IN PROGRESS'::character varying])::text[])))",
                "CHECK ((kind = ANY (ARRAY['a''b'::text, 'c'::text])))",
                "CHECK ((priority = ANY (ARRAY[1, 2, 3])))",
                "CHECK ((\"Mode\" = 'X'::text))"));

        assertThat(facts.allowedValues("status")).containsExactly("NEW", "IN PROGRESS");
        assertThat(facts.allowedValues("kind")).containsExactly("a'b", "c");
        assertThat(facts.allowedValues("priority")).containsExactly("1", "2", "3");
        assertThat(facts.allowedValues("Mode")).containsExactly("X");
    }

    @Test
    void readsTheTightestNumericBounds() {
        CheckFacts facts = CheckFacts.parse(List.of(
                "CHECK (((amount > (0)::numeric) AND (amount <= (100.5)::numeric)))",
                "CHECK ((amount >= (0)::numeric))",
                "CHECK (((rating >= 1) AND (rating <= 5)))",
                "CHECK ((10 > level))"));

        assertThat(facts.lower("amount")).isEqualTo(new CheckFacts.Bound(BigDecimal.ZERO, false));
        assertThat(facts.upper("amount")).isEqualTo(new CheckFacts.Bound(new BigDecimal("100.5"), true));
        assertThat(facts.lower("rating")).isEqualTo(new CheckFacts.Bound(BigDecimal.ONE, true));
        assertThat(facts.upper("level")).isEqualTo(new CheckFacts.Bound(BigDecimal.TEN, false));
    }

    @Test
    void readsTheOrderOfTwoColumns() {
        CheckFacts facts = CheckFacts.parse(List.of(
                "CHECK ((delivered_at >= ordered_at))", "CHECK (((valid_to IS NULL) OR (valid_from < valid_to)))"));

        assertThat(facts.orderings())
                .containsExactly(
                        new CheckFacts.Ordering("ordered_at", "delivered_at", false),
                        new CheckFacts.Ordering("valid_from", "valid_to", true));
    }

    @Test
    void learnsNothingAboutAColumnInsideAFunctionCall() {
        CheckFacts facts =
                CheckFacts.parse(List.of("CHECK ((char_length((code)::text) = 3))", "CHECK ((lower(email) = email))"));

        assertThat(facts.allowedValues("code")).isNull();
        assertThat(facts.allowedValues("email")).isNull();
        assertThat(facts.orderings()).isEmpty();
    }

    @Test
    void dropsCastsAndParenthesesButKeepsLiterals() {
        assertThat(CheckFacts.normalize("CHECK ((x)::timestamp with time zone > ('(a)::b'::text)::date)"))
                .isEqualTo("CHECK x > '(a)::b'");
    }
}
