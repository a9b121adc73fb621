package com.bakeryia.training.model;

import com.bakeryia.deletion.ExternalDataDeletion;
import com.bakeryia.deletion.ExternalDataExport;
import com.bakeryia.deletion.ExternalTenantData;
import com.bakeryia.deletion.api.ExternalDataUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A tenant's model files: everything under {@code {training.artifacts-dir}/{tenantId}/}. Symbolic
 * links are counted and removed as links, never followed, so nothing outside the tenant's directory
 * is read or deleted (nor exported: an export holds the regular files only).
 */
@Component
public class ModelArtifactFiles implements ExternalTenantData {

    /** The name under which previews and results report these files. */
    public static final String NAME = "model-artifact-files";

    private final TenantArtifactDirectories directories;
    private final int deletionThreads;

    ModelArtifactFiles(TenantArtifactDirectories directories, TrainingArtifactsProperties properties) {
        this.directories = directories;
        this.deletionThreads = properties.deletionThreads();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Counts the files (and links) under the tenant's directory and the bytes of the files. */
    @Override
    public ExternalDataUsage usage(UUID tenantId) {
        Path directory = directories.tenantDirectory(tenantId);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return ExternalDataUsage.NONE;
        }
        var counter = new SimpleFileVisitor<Path>() {
            long items;
            long bytes;

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                items++;
                bytes += attributes.isRegularFile() ? attributes.size() : 0;
                return FileVisitResult.CONTINUE;
            }
        };
        try {
            Files.walkFileTree(directory, counter);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + directories.relative(directory), e);
        }
        return new ExternalDataUsage(counter.items, counter.bytes);
    }

    /**
     * Removes the tenant's directory with everything in it; a file that cannot be removed is named in
     * the failures and the rest is still removed. The directory's entries (a model's directory, or
     * a file or link) are shared out over {@code training.deletion-threads} threads, each removing
     * its entries bottom-up; the directory itself goes last, once nothing was left in it.
     */
    @Override
    public ExternalDataDeletion delete(UUID tenantId) {
        Path directory = directories.tenantDirectory(tenantId);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return new ExternalDataDeletion(ExternalDataUsage.NONE, List.of());
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return removeEach(List.of(directory));
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(directory)) {
            listed.forEach(entries::add);
        } catch (IOException e) {
            return new ExternalDataDeletion(ExternalDataUsage.NONE, List.of(failure(directory, e)));
        }
        ExternalDataDeletion inside = removeInParallel(entries);
        if (!inside.failures().isEmpty()) {
            // the entries that stayed are named; their directory cannot go while they are there
            return inside;
        }
        List<String> failures = new ArrayList<>();
        try {
            Files.delete(directory);
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        } catch (IOException e) {
            failures.add(failure(directory, e));
        }
        return new ExternalDataDeletion(inside.deleted(), failures);
    }

    private ExternalDataDeletion removeInParallel(List<Path> entries) {
        int threads = Math.min(deletionThreads, entries.size());
        if (threads <= 1) {
            return removeEach(entries);
        }
        List<Future<ExternalDataDeletion>> shares = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform().name("model-files-deletion-", 0).daemon().factory())) {
            for (int share = 0; share < threads; share++) {
                int first = share;
                shares.add(pool.submit(() -> {
                    List<Path> mine = new ArrayList<>();
                    for (int i = first; i < entries.size(); i += threads) {
                        mine.add(entries.get(i));
                    }
                    return removeEach(mine);
                }));
            }
        }
        long items = 0;
        long bytes = 0;
        List<String> failures = new ArrayList<>();
        for (Future<ExternalDataDeletion> share : shares) {
            try {
                ExternalDataDeletion removed = share.get();
                items += removed.deleted().items();
                bytes += removed.deleted().bytes();
                failures.addAll(removed.failures());
            } catch (ExecutionException e) {
                failures.add(NAME + ": could not delete part of the files (" + e.getCause() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(NAME + ": interrupted while deleting the files");
            }
        }
        return new ExternalDataDeletion(new ExternalDataUsage(items, bytes), failures);
    }

    /** Removes each path (a file, a link, or a directory bottom-up) in this thread. */
    private ExternalDataDeletion removeEach(List<Path> paths) {
        var remover = new Remover();
        for (Path path : paths) {
            try {
                Files.walkFileTree(path, remover);
            } catch (IOException e) {
                remover.failures.add(failure(path, e));
            }
        }
        return new ExternalDataDeletion(new ExternalDataUsage(remover.items, remover.bytes), remover.failures);
    }

    /**
     * Writes every regular file under the tenant's directory, in a stable (sorted) order, under its
     * path relative to that directory; links are not followed and not exported.
     */
    @Override
    public void export(UUID tenantId, ExternalDataExport sink) throws IOException {
        Path directory = directories.tenantDirectory(tenantId);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        var files = new ArrayList<Path>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        for (Path file : files) {
            long size = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .size();
            try (InputStream content = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                sink.write(relativePath(directory, file), size, content);
            }
        }
    }

    private static String relativePath(Path directory, Path file) {
        var segments = new ArrayList<String>();
        directory.relativize(file).forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }

    private String failure(Path path, IOException cause) {
        String reason = cause instanceof FileSystemException fileSystem && fileSystem.getReason() != null
                ? fileSystem.getReason()
                : cause.getClass().getSimpleName();
        return NAME + ": could not delete " + directories.relative(path) + " (" + reason + ")";
    }

    /** Deletes bottom-up, counting what it removed and naming what it could not. */
    private final class Remover extends SimpleFileVisitor<Path> {

        private final List<String> failures = new ArrayList<>();
        /** Per open directory: how many entries below it could not be removed. */
        private final Deque<Integer> leftInside = new ArrayDeque<>();

        private long items;
        private long bytes;

        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
            leftInside.push(0);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            try {
                Files.delete(file);
                items++;
                bytes += attributes.isRegularFile() ? attributes.size() : 0;
            } catch (NoSuchFileException gone) {
                return FileVisitResult.CONTINUE;
            } catch (IOException e) {
                fail(file, e);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            fail(file, e);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, @Nullable IOException e) {
            int left = leftInside.pop();
            if (e != null) {
                fail(directory, e);
            } else if (left > 0) {
                // the entries that stayed are named already; their directory cannot go while they are there
                leftBehind();
            } else {
                try {
                    Files.delete(directory);
                } catch (NoSuchFileException gone) {
                    return FileVisitResult.CONTINUE;
                } catch (IOException deletion) {
                    fail(directory, deletion);
                }
            }
            return FileVisitResult.CONTINUE;
        }

        private void fail(Path path, IOException e) {
            failures.add(failure(path, e));
            leftBehind();
        }

        private void leftBehind() {
            if (!leftInside.isEmpty()) {
                leftInside.push(leftInside.pop() + 1);
            }
        }
    }
}
