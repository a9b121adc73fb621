package com.bakeryia.deletion;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where an {@link ExternalTenantData} writes the tenant's items during an export: each lands in the
 * archive under {@code files/<name>/<relative path>} with its bytes as they are.
 */
@FunctionalInterface
public interface ExternalDataExport {

    /**
     * Copies one item into the export, reading {@code content} to its end (the caller closes it).
     *
     * @param relativePath the item's path below this data, {@code /}-separated (for example {@code
     *     3f2c.../model.bin}); {@code .} and empty segments are dropped; absolute paths, {@code ..},
     *     backslashes, control characters and a path given twice are refused
     * @param size the item's size in bytes; content of another length fails the export (the item
     *     changed while it was read)
     * @param content the item's bytes
     * @throws IOException when the path is refused, the content cannot be read or has another size, or
     *     the archive cannot be written
     */
    void write(String relativePath, long size, InputStream content) throws IOException;
}
