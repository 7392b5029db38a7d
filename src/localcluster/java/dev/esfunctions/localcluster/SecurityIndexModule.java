package dev.esfunctions.localcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gives a minimal Elasticsearch distribution what its {@code .security} index needs, so that a secured local node
 * issues API keys: the module {@code es-module/SecurityIndexAnalysis.java} (a resource), compiled by the server's
 * Java against the distribution's own jars and installed under its {@code modules/}. A distribution that has analysis-common, or the
 * module already, is left as it is.
 */
final class SecurityIndexModule {

    private static final String NAME = "security-index-analysis";
    private static final String SOURCE = "es-module/SecurityIndexAnalysis.java";

    private SecurityIndexModule() {
    }

    static synchronized void install(Path home, String version, Path javaHome) {
        Path modules = home.resolve("modules");
        Path module = modules.resolve(NAME);
        if (Files.exists(modules.resolve("analysis-common")) || Files.exists(module.resolve(NAME + ".jar"))) {
            return;
        }
        Path work = null;
        try {
            // Beside the distribution, on its file system: the module moves into place whole.
            work = Files.createTempDirectory(home.getParent(), NAME);
            Path source = work.resolve("src/dev/esfunctions/esmodule/SecurityIndexAnalysis.java");
            Files.createDirectories(source.getParent());
            try (InputStream in = SecurityIndexModule.class.getClassLoader().getResourceAsStream(SOURCE)) {
                Files.write(source, in.readAllBytes());
            }
            Path classes = Files.createDirectories(work.resolve("classes"));
            String classPath;
            try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
                classPath = jars.filter(jar -> jar.toString().endsWith(".jar")).map(Path::toString)
                        .collect(Collectors.joining(java.io.File.pathSeparator));
            }
            // The server's Java: its jars may be of a newer class file version than this JVM reads.
            Process javac = new ProcessBuilder(javaHome.resolve("bin/javac").toString(), "-cp", classPath, "-d",
                    classes.toString(), source.toString()).redirectErrorStream(true).start();
            String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (javac.waitFor() != 0) {
                throw new IllegalStateException("Could not compile " + SOURCE + " against " + home.resolve("lib")
                        + ":\n" + output);
            }
            Path staged = Files.createDirectories(work.resolve(NAME));
            try (OutputStream out = Files.newOutputStream(staged.resolve(NAME + ".jar"));
                    JarOutputStream jar = new JarOutputStream(out);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                    jar.write(Files.readAllBytes(file));
                    jar.closeEntry();
                }
            }
            Files.writeString(staged.resolve("plugin-descriptor.properties"), String.join("\n", List.of(
                    "description=The analysis components of the .security index, for local tests only",
                    "version=" + version,
                    "name=" + NAME,
                    "classname=dev.esfunctions.esmodule.SecurityIndexAnalysis",
                    "java.version=17",
                    "elasticsearch.version=" + version)) + "\n", StandardCharsets.UTF_8);
            Files.move(staged, module);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the " + NAME + " module in " + modules, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while compiling the " + NAME + " module", e);
        } finally {
            if (work != null) {
                LocalElasticsearch.deleteRecursively(work);
            }
        }
    }
}
