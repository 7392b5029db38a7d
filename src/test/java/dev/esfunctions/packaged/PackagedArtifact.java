package dev.esfunctions.packaged;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The artifact this build packaged, as Quarkus recorded it in {@code quarkus-artifact.properties} (the fast-jar
 * application, or the native executable), plus the Lambda {@code function.zip} when there is one.
 */
public final class PackagedArtifact {

    /** How dev-only code would show: its package, as a class file, a service file or a native image names it. */
    private static final List<String> DEV_ONLY_NAMES = List.of("dev/esfunctions/localcluster",
            "dev.esfunctions.localcluster");

    /** What the build recorded: the file a deployment runs (a jar, or the executable), and whether it is native. */
    private record Recorded(Path path, boolean isNative) {
    }

    private static Recorded recorded;

    private PackagedArtifact() {
    }

    static Path buildDirectory() {
        return Path.of(System.getProperty("esfunctions.build.directory", "target"));
    }

    private static synchronized Recorded recorded() {
        if (recorded == null) {
            Properties artifact = new Properties();
            try (InputStream in = Files.newInputStream(buildDirectory().resolve("quarkus-artifact.properties"))) {
                artifact.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("no packaged artifact: run ./mvnw verify", e);
            }
            recorded = new Recorded(buildDirectory().resolve(artifact.getProperty("path")),
                    "native".equals(artifact.getProperty("type")));
        }
        return recorded;
    }

    /**
     * The application a deployment runs: {@code quarkus-app/} for a fast-jar build, the runner jar of Lambda's
     * legacy-jar build (whose libraries function.zip holds: test that too), the executable of a native one.
     */
    static Path application() {
        Path path = recorded().path();
        return path.endsWith("quarkus-run.jar") ? path.getParent() : path;
    }

    static boolean isNative() {
        return recorded().isNative();
    }

    /** The Lambda deployment package, when this surface makes one. */
    static Path functionZip() {
        return buildDirectory().resolve("function.zip");
    }

    /**
     * Every place in {@code artifacts} (files, directories, archives within archives) that names the dev-only
     * package: an entry's name or a file's bytes. Empty when the product holds none of it.
     */
    public static List<String> devOnlyCode(Path... artifacts) {
        List<String> found = new ArrayList<>();
        for (Path artifact : artifacts) {
            try (Stream<Path> files = Files.walk(artifact)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        inspect(file.toString(), in, found);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static void inspect(String name, InputStream in, List<String> found) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                    if (!entry.isDirectory()) {
                        inspect(name + "!/" + entry.getName(), zip, found);
                    }
                }
            }
        } else {
            // ISO-8859-1 maps each byte to one char, so an ASCII name is found in any binary.
            String text = name + "\n" + new String(bytes, StandardCharsets.ISO_8859_1);
            if (DEV_ONLY_NAMES.stream().anyMatch(text::contains)) {
                found.add(name);
            }
        }
    }

    /** The java of this test JVM, to run a JVM artifact with. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** {@code command} with none of this environment's Quarkus or es-functions settings: a deployment sets its own. */
    static ProcessBuilder deployment(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("ES_FUNCTIONS_"));
        return builder;
    }

    /** What a start of the packaged application printed, and how it ended. */
    public record Exit(int code, String output) {
    }

    /**
     * The command that starts the packaged application with {@code runtimeOptions} ({@code -Xmx128m}, {@code -XX:...}:
     * a native executable takes them too) and {@code properties}.
     */
    static List<String> command(List<String> runtimeOptions, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(isNative() ? recorded().path().toString() : java());
        command.addAll(runtimeOptions);
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        if (!isNative()) {
            command.add("-jar");
            command.add(recorded().path().toString());
        }
        return command;
    }

    /**
     * Starts the packaged application as a deployment would, with {@code properties} and none of the environment's
     * es-functions or cluster settings, and waits for it to end (it is expected to refuse to start).
     */
    public static Exit runUntilExit(Map<String, String> properties) {
        Map<String, String> withPort = new LinkedHashMap<>(properties);
        withPort.put("quarkus.http.port", "0");
        List<String> command = command(List.of(), withPort);
        try {
            Process process = deployment(command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException e) {
                    // the process ended; what it wrote so far is the output
                }
            }, "packaged-application-output");
            reader.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                reader.join();
                throw new AssertionError("the application was still running after 60 s; it printed:\n" + output);
            }
            reader.join();
            return new Exit(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
