package com.bakeryia.testkit.data;

import org.jspecify.annotations.Nullable;

/** Rows in the text format of {@code COPY ... FROM STDIN}. */
final class CopyText {

    private CopyText() {}

    static void appendRow(StringBuilder out, @Nullable String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            appendValue(out, values[i]);
        }
        out.append('\n');
    }

    static void appendValue(StringBuilder out, @Nullable String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
