package com.bakeryia.testkit.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a table's CHECK constraints say about single columns (allowed literals, numeric bounds) and
 * about the order of two columns, read from {@code pg_get_constraintdef} text. Constraints it cannot
 * read are ignored; the database still enforces them.
 */
final class CheckFacts {

    private static final String IDENTIFIER = "\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*";
    private static final String LITERAL = "'(?:[^']|'')*'";
    private static final String NUMBER = "[-+]?\\d+(?:\\.\\d+)?";
    private static final String OPERAND = IDENTIFIER + "|" + LITERAL + "|" + NUMBER;
    private static final Pattern ANY_ARRAY = Pattern.compile("(" + IDENTIFIER + ") = ANY ARRAY\\[");
    private static final Pattern ARRAY_ITEM =
            Pattern.compile("\\s*(" + LITERAL + "|" + NUMBER + "|true|false)\\s*([,\\]])");
    private static final Pattern COMPARISON =
            Pattern.compile("(" + OPERAND + ") (>=|<=|<>|!=|=|>|<) (" + OPERAND + ")(?! ?\\[)");
    private static final Pattern TYPE_CONTINUATION =
            Pattern.compile("\\G (?:varying|precision|with time zone|without time zone)");
    private static final List<String> KEYWORDS =
            List.of("any", "all", "array", "null", "and", "or", "not", "check", "is", "in", "some");

    private final Map<String, List<String>> allowed = new HashMap<>();
    private final Map<String, Bound> lower = new HashMap<>();
    private final Map<String, Bound> upper = new HashMap<>();
    private final List<Ordering> orderings = new ArrayList<>();

    /** A numeric limit of a column. */
    record Bound(BigDecimal value, boolean inclusive) {}

    /** {@code later} must not be before {@code earlier} ({@code strict}: must be after). */
    record Ordering(String earlier, String later, boolean strict) {}

    private CheckFacts() {}

    static CheckFacts parse(List<String> definitions) {
        CheckFacts facts = new CheckFacts();
        for (String definition : definitions) {
            facts.read(normalize(definition));
        }
        return facts;
    }

    @Nullable
    List<String> allowedValues(String column) {
        return allowed.get(column);
    }

    @Nullable
    Bound lower(String column) {
        return lower.get(column);
    }

    @Nullable
    Bound upper(String column) {
        return upper.get(column);
    }

    List<Ordering> orderings() {
        return orderings;
    }

    private void read(String text) {
        StringBuilder rest = new StringBuilder(text);
        Matcher any = ANY_ARRAY.matcher(text);
        List<int[]> consumed = new ArrayList<>();
        while (any.find()) {
            List<String> items = new ArrayList<>();
            Matcher item = ARRAY_ITEM.matcher(text);
            int position = any.end();
            while (item.find(position) && item.start() == position) {
                items.add(literalValue(item.group(1)));
                position = item.end();
                if (item.group(2).equals("]")) {
                    break;
                }
            }
            allowed.putIfAbsent(identifier(any.group(1)), List.copyOf(items));
            consumed.add(new int[] {any.start(), position});
        }
        for (int[] range : consumed) {
            for (int i = range[0]; i < range[1]; i++) {
                rest.setCharAt(i, ' ');
            }
        }
        Matcher comparison = COMPARISON.matcher(rest);
        while (comparison.find()) {
            compare(comparison.group(1), comparison.group(2), comparison.group(3));
        }
    }

    private void compare(String left, String operator, String right) {
        boolean leftColumn = isColumn(left);
        boolean rightColumn = isColumn(right);
        if (leftColumn && rightColumn) {
            String a = identifier(left);
            String b = identifier(right);
            switch (operator) {
                case ">=" -> orderings.add(new Ordering(b, a, false));
                case ">" -> orderings.add(new Ordering(b, a, true));
                case "<=" -> orderings.add(new Ordering(a, b, false));
                case "<" -> orderings.add(new Ordering(a, b, true));
                default -> {}
            }
        } else if (leftColumn && !isKeyword(right)) {
            constrain(identifier(left), operator, literalValue(right));
        } else if (rightColumn && !isKeyword(left)) {
            constrain(identifier(right), flipped(operator), literalValue(left));
        }
    }

    private void constrain(String column, String operator, String value) {
        if (operator.equals("=")) {
            allowed.putIfAbsent(column, List.of(value));
            return;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return;
        }
        switch (operator) {
            case ">" -> tighten(lower, column, new Bound(number, false), true);
            case ">=" -> tighten(lower, column, new Bound(number, true), true);
            case "<" -> tighten(upper, column, new Bound(number, false), false);
            case "<=" -> tighten(upper, column, new Bound(number, true), false);
            default -> {}
        }
    }

    private static void tighten(Map<String, Bound> bounds, String column, Bound bound, boolean isLower) {
        bounds.merge(column, bound, (current, candidate) -> {
            int order = candidate.value().compareTo(current.value());
            if (order == 0) {
                return current.inclusive() ? candidate : current;
            }
            return (isLower ? order > 0 : order < 0) ? candidate : current;
        });
    }

    private static String flipped(String operator) {
        return switch (operator) {
            case ">" -> "<";
            case ">=" -> "<=";
            case "<" -> ">";
            case "<=" -> ">=";
            default -> operator;
        };
    }

    private static boolean isColumn(String operand) {
        if (operand.startsWith("\"")) {
            return true;
        }
        return Character.isLetter(operand.charAt(0)) || operand.charAt(0) == '_' ? !isKeyword(operand) : false;
    }

    private static boolean isKeyword(String operand) {
        return KEYWORDS.contains(operand.toLowerCase());
    }

    private static String identifier(String operand) {
        if (operand.startsWith("\"")) {
            return operand.substring(1, operand.length() - 1).replace("\"\"", "\"");
        }
        return operand;
    }

    private static String literalValue(String operand) {
        if (operand.startsWith("'")) {
            return operand.substring(1, operand.length() - 1).replace("''", "'");
        }
        return operand;
    }

    /**
     * Drops casts and parentheses outside literals and replaces function calls by a mark, so
     * {@code ((s)::text = 'A'::text)} becomes {@code s = 'A'} and {@code char_length(code) = 3} says
     * nothing about {@code code}.
     */
    static String normalize(String definition) {
        StringBuilder out = new StringBuilder(definition.length());
        int length = definition.length();
        int i = 0;
        while (i < length) {
            char ch = definition.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = closingQuote(definition, i);
                out.append(definition, i, end + 1);
                i = end + 1;
            } else if (ch == ':' && i + 1 < length && definition.charAt(i + 1) == ':') {
                i = skipType(definition, i + 2);
            } else if (ch == '(' && endsWithIdentifier(out)) {
                dropTrailingIdentifier(out);
                out.append(" \u00a7 ");
                i = closingParenthesis(definition, i) + 1;
            } else if (ch == '(' || ch == ')') {
                out.append(' ');
                i++;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    private static boolean endsWithIdentifier(StringBuilder text) {
        if (text.isEmpty()) {
            return false;
        }
        char last = text.charAt(text.length() - 1);
        return Character.isLetterOrDigit(last) || last == '_' || last == '"';
    }

    private static void dropTrailingIdentifier(StringBuilder text) {
        int i = text.length();
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        text.setLength(i);
    }

    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                i = closingQuote(text, i);
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return text.length() - 1;
    }

    private static int closingQuote(String text, int open) {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return text.length() - 1;
    }

    private static int skipType(String text, int start) {
        int i = start;
        if (i < text.length() && text.charAt(i) == '"') {
            i = closingQuote(text, i) + 1;
        } else {
            while (i < text.length()
                    && (Character.isLetterOrDigit(text.charAt(i)) || "_.".indexOf(text.charAt(i)) >= 0)) {
                i++;
            }
        }
        Matcher continuation = TYPE_CONTINUATION.matcher(text);
        while (continuation.find(i) && continuation.start() == i) {
            i = continuation.end();
        }
        if (i < text.length() && text.charAt(i) == '(') {
            int close = text.indexOf(')', i);
            i = close < 0 ? text.length() : close + 1;
        }
        while (text.startsWith("[]", i)) {
            i += 2;
        }
        return i;
    }
}
