package com.bakeryia.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label names a PromQL expression uses. Not a PromQL parser: a tokenizer that knows
 * strings, label matchers, ranges, functions, aggregation modifiers and keywords, which is all the fleet's
 * alerts and dashboards use. Grafana's {@code $variables} are treated as opaque.
 */
public final class PromQl {

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "atan2",
            "inf",
            "nan");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*(:[a-z]+)?}?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?(e[+-]?\\d+)?|0x[0-9a-f]+");

    private PromQl() {}

    /**
     * What an expression selects: each metric name with the label names its matchers use (labels of a
     * selector written without a name, {@code {__name__=~"..."}}, are not supported and rejected).
     */
    public static Map<String, Set<String>> selectors(String expression) {
        Map<String, Set<String>> selectors = new LinkedHashMap<>();
        String text = VARIABLE.matcher(expression).replaceAll(" 1 ");
        // Label matchers keep their quoted values until their label names are read.
        Matcher matchers = MATCHERS.matcher(text);
        StringBuilder stripped = new StringBuilder();
        List<Set<String>> matcherLabels = new ArrayList<>();
        while (matchers.find()) {
            Set<String> labels = new LinkedHashSet<>();
            Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
            matcherLabels.add(labels);
            matchers.appendReplacement(stripped, " {" + (matcherLabels.size() - 1) + "} ");
        }
        matchers.appendTail(stripped);
        text = STRING.matcher(stripped.toString()).replaceAll(" 1 ");
        text = RANGE.matcher(text).replaceAll(" ");
        List<String> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (GROUPING.contains(token)
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).equals("(")) {
                i = indexOf(tokens, ")", i + 1);
                continue;
            }
            if (!IDENTIFIER.matcher(token).matches() || KEYWORDS.contains(token)) {
                if (token.startsWith("{")
                        && (i == 0 || !IDENTIFIER.matcher(tokens.get(i - 1)).matches())) {
                    throw new IllegalArgumentException("A selector without a metric name in: " + expression);
                }
                continue;
            }
            boolean function = i + 1 < tokens.size() && tokens.get(i + 1).equals("(");
            boolean aggregation = i + 1 < tokens.size() && GROUPING.contains(tokens.get(i + 1));
            if (function || aggregation) {
                continue;
            }
            Set<String> labels = selectors.computeIfAbsent(token, any -> new LinkedHashSet<>());
            if (i + 1 < tokens.size() && tokens.get(i + 1).startsWith("{")) {
                String index = tokens.get(i + 1).substring(1, tokens.get(i + 1).length() - 1);
                labels.addAll(matcherLabels.get(Integer.parseInt(index)));
            }
        }
        return selectors;
    }

    /** The label names an expression groups or matches on: {@code by (...)}, {@code on (...)} and the like. */
    public static Set<String> groupingLabels(String expression) {
        Set<String> labels = new LinkedHashSet<>();
        String text =
                STRING.matcher(VARIABLE.matcher(expression).replaceAll(" 1 ")).replaceAll(" 1 ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        List<String> tokens = tokens(RANGE.matcher(text).replaceAll(" "));
        for (int i = 0; i < tokens.size(); i++) {
            if (GROUPING.contains(tokens.get(i))
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).equals("(")) {
                for (int j = i + 2; j < tokens.size() && !tokens.get(j).equals(")"); j++) {
                    if (IDENTIFIER.matcher(tokens.get(j)).matches()) {
                        labels.add(tokens.get(j));
                    }
                }
            }
        }
        return labels;
    }

    private static int indexOf(List<String> tokens, String token, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).equals(token)) {
                return i;
            }
        }
        return tokens.size();
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = Pattern.compile(
                        "\\{\\d+}|[a-zA-Z_:][a-zA-Z0-9_:]*|\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|[()\\[\\],]|[^\\s\\w(){}\\[\\],]+")
                .matcher(text);
        while (matcher.find()) {
            String token = matcher.group();
            if (!NUMBER.matcher(token).matches()) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}
