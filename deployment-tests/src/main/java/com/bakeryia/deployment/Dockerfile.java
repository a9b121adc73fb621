package com.bakeryia.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Dockerfile's instructions per stage (continuation lines joined, comments and parser directives left out):
 * enough to check what compose and the docs say about it.
 *
 * @param globalArgs the build arguments declared before the first {@code FROM}
 * @param stages the stages in order, by name ({@code stage-N} when unnamed); the last one is the default target
 */
public record Dockerfile(Set<String> globalArgs, Map<String, Stage> stages) {

    /**
     * One stage.
     *
     * @param name its name
     * @param base the image or stage it starts {@code FROM}
     * @param instructions its instructions: keyword (upper case) and arguments
     */
    public record Stage(String name, String base, List<Instruction> instructions) {

        public List<String> arguments(String keyword) {
            return instructions.stream()
                    .filter(instruction -> instruction.keyword().equals(keyword))
                    .map(Instruction::arguments)
                    .toList();
        }

        public @Nullable String last(String keyword) {
            List<String> all = arguments(keyword);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }
    }

    /** One instruction. */
    public record Instruction(String keyword, String arguments) {}

    public static Dockerfile read(Path file) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Yamls.read(file).lines().toList()) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            logical.add(current.toString());
            current.setLength(0);
        }
        Map<String, Stage> stages = new LinkedHashMap<>();
        String name = null;
        String base = null;
        List<Instruction> instructions = new ArrayList<>();
        List<Instruction> global = new ArrayList<>();
        for (String line : logical) {
            String[] parts = line.split("\\s+", 2);
            Instruction instruction =
                    new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
            if (instruction.keyword().equals("FROM")) {
                if (name != null) {
                    stages.put(name, new Stage(name, base, List.copyOf(instructions)));
                }
                String[] from = instruction.arguments().split("\\s+");
                List<String> words = new ArrayList<>();
                for (String word : from) {
                    if (!word.startsWith("--")) {
                        words.add(word);
                    }
                }
                base = words.get(0);
                name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")
                        ? words.get(2)
                        : "stage-" + stages.size();
                instructions = new ArrayList<>();
            } else if (name == null) {
                global.add(instruction);
            } else {
                instructions.add(instruction);
            }
        }
        if (name == null) {
            throw new IllegalArgumentException(file + " has no FROM");
        }
        stages.put(name, new Stage(name, base, List.copyOf(instructions)));
        Set<String> globalArgs = new LinkedHashSet<>();
        global.stream()
                .filter(instruction -> instruction.keyword().equals("ARG"))
                .forEach(instruction ->
                        globalArgs.add(instruction.arguments().split("=", 2)[0].strip()));
        return new Dockerfile(globalArgs, stages);
    }

    public Stage finalStage() {
        return stages.values().stream().reduce((first, second) -> second).orElseThrow();
    }

    /** The build arguments a stage declares with {@code ARG} (names only). */
    public static Set<String> args(Stage stage) {
        Set<String> names = new LinkedHashSet<>();
        for (String argument : stage.arguments("ARG")) {
            names.add(argument.split("=", 2)[0].strip());
        }
        return names;
    }
}
