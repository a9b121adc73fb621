package com.bakeryia.deletion;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The names of the entries an {@link ExternalTenantData} may write into an export. */
final class ExportPaths {

    private ExportPaths() {}

    /**
     * The path with {@code .} and empty segments dropped.
     *
     * @throws IOException for an absolute path, {@code ..}, a backslash, a control character or nothing left
     */
    static String normalise(String path) throws IOException {
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.chars().anyMatch(Character::isISOControl)) {
            throw new IOException("refused export path '" + printable(path)
                    + "': it must be relative, /-separated, without control characters");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new IOException("refused export path '" + path + "': it may not leave its folder (..)");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new IOException("refused export path '" + printable(path) + "': it names no file");
        }
        return String.join("/", segments);
    }

    private static String printable(String path) {
        return path.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
