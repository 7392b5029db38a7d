import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code native-image} that native/check puts in front of Quarkus (as GRAALVM_HOME/bin/native-image): it does
 * the driver's part of GraalVM's {@code native-image} (which Maven Central does not serve) and runs GraalVM's real
 * builder, {@code com.oracle.svm.hosted.NativeImageGeneratorRunner}, from the builder jars on a JDK 25.
 *
 * <p>It translates the driver options Quarkus passes and the {@code Args} of the jars' {@code native-image.properties}
 * into builder options, applies the runner manifest ({@code Main-Class}, {@code Class-Path}, {@code Add-Opens}), and
 * hands the jars' {@code META-INF/native-image/**} configuration files to the builder (minus Quarkus's
 * {@code --exclude-config}). An option it does not know is an error, never dropped silently.
 *
 * <p>The builder stops after the points-to analysis ({@code -H:+ReturnAfterAnalysis}) or, when native/check asks for
 * compilation, after writing the relocatable object file ({@code -H:+ExitAfterRelocatableImageWrite}): the JDK's
 * static libraries and SubstrateVM's C libraries needed to link are not on any registry reachable here. So even a
 * successful build produces no executable: the driver then writes a status file for native/check and exits with
 * {@link #EXIT_NOT_LINKED}, which makes Quarkus stop before it looks for an executable or packages one (function.zip).
 *
 * <p>Environment (set by native/check): NATIVE_CHECK_HOME (the builder cache: jdk/, jars/, clibraries/),
 * NATIVE_CHECK_STATE (where the status, log and object file go), NATIVE_CHECK_RUN (an id echoed into the status),
 * NATIVE_CHECK_COMPILE (true: compile to the object file), NATIVE_CHECK_GRAALVM_VERSION (the builder jars' version).
 */
public class NativeImageDriver {

    /** Exit code for "the builder succeeded, and there is no linker here": never 0, so no build goes on from it. */
    static final int EXIT_NOT_LINKED = 86;

    static final String BUILDER_MODULE_MAIN = "org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner";

    /** The META-INF/native-image configuration files the driver hands to the builder, by builder option. */
    static final Map<String, String> CONFIG_FILES = Map.of(
            "reachability-metadata.json", "ReachabilityMetadataResources",
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "jni-config.json", "JNIConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources");

    final List<String> jvmArgs = new ArrayList<>();
    final List<String> builderArgs = new ArrayList<>();
    final List<String[]> excludeConfigs = new ArrayList<>();
    final List<String> positional = new ArrayList<>();
    String jar;
    String maxHeap;

    public static void main(String[] args) throws Exception {
        String version = env("NATIVE_CHECK_GRAALVM_VERSION", "25.0.2");
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-version"))) {
            // The form GraalVM CE prints: Quarkus reads the version from it and checks it is a supported one.
            System.out.println("native-image " + version + " (GraalVM's builder jars behind native/check: analysis and compilation, no linking)");
            System.out.println("GraalVM Runtime Environment " + vendorVersion(version) + " (build " + Runtime.version() + ")");
            System.out.println("Substrate VM " + vendorVersion(version) + " (build " + Runtime.version() + ", serial gc)");
            return;
        }
        if (args.length == 1 && args[0].equals("--server-shutdown")) {
            return;
        }
        if (System.getenv("NATIVE_CHECK_STATE") == null || System.getenv("NATIVE_CHECK_HOME") == null) {
            System.err.println("native-image: this is native/check's driver for GraalVM's builder jars: it checks the"
                    + " analysis and compilation of an image and never links an executable. Run native/check.");
            System.exit(2);
        }
        System.exit(new NativeImageDriver().build(args, version));
    }

    static String vendorVersion(String version) {
        return "GraalVM CE " + version + "+builder-jars";
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    int build(String[] args, String version) throws Exception {
        Path home = Path.of(System.getenv("NATIVE_CHECK_HOME"));
        Path state = Path.of(System.getenv("NATIVE_CHECK_STATE")).toAbsolutePath();
        boolean compile = Boolean.parseBoolean(env("NATIVE_CHECK_COMPILE", "false"));
        String run = env("NATIVE_CHECK_RUN", "-");
        Files.createDirectories(state);
        Path cwd = Path.of("").toAbsolutePath();

        Iterator<String> it = List.of(args).iterator();
        while (it.hasNext()) {
            translate(it.next(), it, "command line");
        }
        if (jar == null) {
            throw new IllegalArgumentException("native/check's driver supports only '-jar' builds (what Quarkus runs)");
        }
        Path jarPath = cwd.resolve(jar);
        String name = positional.isEmpty() ? jarPath.getFileName().toString().replaceFirst("\\.jar$", "") : positional.get(0);
        if (positional.size() > 1) {
            throw new IllegalArgumentException("unexpected arguments: " + positional);
        }

        // The runner jar's manifest: main class, class path and Add-Opens, as the driver applies them.
        List<Path> classPath = new ArrayList<>();
        classPath.add(jarPath);
        String mainClass;
        try (JarFile jarFile = new JarFile(jarPath.toFile())) {
            Manifest manifest = jarFile.getManifest();
            Attributes main = manifest.getMainAttributes();
            mainClass = main.getValue(Attributes.Name.MAIN_CLASS);
            String cp = main.getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String entry : cp.trim().split("\\s+")) {
                    classPath.add(jarPath.getParent().resolve(entry));
                }
            }
            String opens = main.getValue("Add-Opens");
            if (opens != null) {
                for (String target : opens.trim().split("\\s+")) {
                    jvmArgs.add("--add-opens=" + target + "=ALL-UNNAMED");
                    builderArgs.add("-H:AddOpens=" + target + "=ALL-UNNAMED");
                }
            }
            String exports = main.getValue("Add-Exports");
            if (exports != null) {
                for (String target : exports.trim().split("\\s+")) {
                    jvmArgs.add("--add-exports=" + target + "=ALL-UNNAMED");
                    builderArgs.add("-H:AddExports=" + target + "=ALL-UNNAMED");
                }
            }
        }
        if (mainClass == null) {
            throw new IllegalArgumentException(jarPath + " has no Main-Class");
        }

        // Each class path entry's META-INF/native-image: the Args of native-image.properties, and configuration files.
        int configFiles = 0;
        for (Path entry : classPath) {
            if (!Files.exists(entry)) {
                throw new IllegalArgumentException("class path entry " + entry + " (from " + jarPath + ") does not exist");
            }
            configFiles += metaInf(entry);
        }

        List<Path> builderJars;
        try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
            builderJars = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Path compilerJar = builderJars.stream().filter(p -> p.getFileName().toString().startsWith("compiler-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no compiler jar in " + home.resolve("jars")));
        List<Path> modulePath = builderJars.stream().filter(p -> !p.equals(compilerJar)).toList();

        // The builder's own JVM. The driver's list of exports is not published: export every package of every
        // system module to the builder's modules and to the class path.
        List<String> jvm = new ArrayList<>();
        jvm.add("-XX:+UnlockExperimentalVMOptions");
        jvm.add("-XX:+EnableJVMCI");
        jvm.add("-XX:-UseJVMCICompiler");
        jvm.add("-Xss10m");
        jvm.add("-Xmx" + (maxHeap == null ? env("NATIVE_CHECK_MAX_HEAP", "5g") : maxHeap));
        jvm.add("-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader");
        jvm.add("-Dorg.graalvm.nativeimage.imagecode=buildtime");
        jvm.add("-Dorg.graalvm.version=" + version);
        jvm.add("-Dorg.graalvm.vendorversion=" + vendorVersion(version));
        jvm.add("-Dorg.graalvm.vendor=GraalVM Community (builder jars from Maven Central, run by native/check)");
        jvm.add("-Dcom.oracle.graalvm.isaot=true");
        jvm.add("-Djdk.internal.lambda.disableEagerInitialization=true");
        jvm.add("--add-modules=ALL-SYSTEM");
        jvm.add("--enable-native-access=org.graalvm.nativeimage.builder"); // it loads libreporterchelper.so
        Set<String> builderModules = new TreeSet<>();
        for (ModuleReference ref : ModuleFinder.of(builderJars.toArray(Path[]::new)).findAll()) {
            builderModules.add(ref.descriptor().name());
        }
        String targets = String.join(",", builderModules) + ",ALL-UNNAMED";
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            if (ref.descriptor().name().equals("jdk.graal.compiler")) {
                continue; // replaced by the compiler jar on the upgrade module path
            }
            for (String pkg : new TreeSet<>(ref.descriptor().packages())) {
                jvm.add("--add-exports=" + ref.descriptor().name() + "/" + pkg + "=" + targets);
            }
        }
        jvm.addAll(jvmArgs);
        jvm.add("--upgrade-module-path=" + compilerJar);
        jvm.add("--module-path=" + String.join(":", modulePath.stream().map(Path::toString).toList()));
        jvm.add("--module");
        jvm.add(BUILDER_MODULE_MAIN);

        Path tmp = state.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> builder = new ArrayList<>();
        builder.add("-imagecp");
        builder.add(String.join(":", classPath.stream().map(Path::toString).toList()));
        builder.add("-H:+UnlockExperimentalVMOptions");
        builder.add("-H:Path=" + cwd);
        builder.add("-H:Name=" + name);
        builder.add("-H:Class=" + mainClass);
        builder.add("-H:ImageBuildID=" + UUID.randomUUID());
        builder.add("-H:CLibraryPath=" + home.resolve("clibraries"));
        builder.add("-H:TempDirectory=" + tmp);
        builder.add(compile ? "-H:+ExitAfterRelocatableImageWrite" : "-H:+ReturnAfterAnalysis");
        builder.add("-H:-UnlockExperimentalVMOptions");
        builder.addAll(builderArgs);

        Path argFile = state.resolve("builder-jvm.args");
        StringBuilder argText = new StringBuilder();
        for (String arg : jvm) {
            argText.append(quote(arg)).append('\n');
        }
        Files.writeString(argFile, argText);
        Path commandFile = state.resolve("builder-command.txt");
        Files.writeString(commandFile, String.join("\n", builder) + "\n");

        Path log = state.resolve("builder.log");
        Path time = state.resolve("builder-time.txt");
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/time");
        command.add("-v");
        command.add("-o");
        command.add(time.toString());
        command.add(home.resolve("jdk/bin/java").toString());
        command.add("@" + argFile);
        command.addAll(builder);
        System.out.println("native-image (native/check driver): GraalVM builder " + version + " on "
                + home.resolve("jdk") + " (JDK " + Runtime.version() + "), "
                + (compile ? "analysis and compilation to an object file" : "analysis only")
                + ", " + (classPath.size()) + " class path entries, " + configFiles + " configuration files;"
                + " JVM options in " + argFile + ", builder options in " + commandFile);
        System.out.flush();

        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (PrintStream logOut = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                logOut.println(line);
            }
        }
        int rc = process.waitFor();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        Properties status = new Properties();
        status.setProperty("run", run);
        status.setProperty("stage", compile ? "compile" : "analysis");
        status.setProperty("builder_exit", Integer.toString(rc));
        status.setProperty("builder_seconds", Long.toString(seconds));
        status.setProperty("image", name);
        Path object = null;
        if (rc == 0 && compile) {
            try (Stream<Path> files = Files.walk(tmp)) {
                object = files.filter(p -> p.getFileName().toString().equals(name + ".o")).findFirst().orElse(null);
            }
            if (object == null) {
                System.out.println("native-image (native/check driver): the builder exited 0 but wrote no " + name + ".o");
                rc = 1;
                status.setProperty("builder_exit", "no-object-file");
            } else {
                Path kept = state.resolve(name + ".o");
                Files.move(object, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                status.setProperty("object", kept.toString());
                status.setProperty("object_bytes", Long.toString(Files.size(kept)));
            }
        }
        status.setProperty("result", rc == 0 ? "passed" : "failed");
        try (var out = Files.newBufferedWriter(state.resolve("status.properties"))) {
            status.store(out, "written by native/builder/NativeImageDriver.java");
        }
        if (rc != 0) {
            System.out.println("native-image (native/check driver): the builder FAILED (exit " + rc + "); log: " + log);
            return rc;
        }
        System.out.println("native-image (native/check driver): the builder passed "
                + (compile ? "analysis and compilation (object file " + status.getProperty("object") + ")" : "analysis")
                + ". No linker here, so no executable: exiting " + EXIT_NOT_LINKED
                + " on purpose so that Quarkus stops before packaging one. native/check reads " + state.resolve("status.properties"));
        return EXIT_NOT_LINKED;
    }

    /** Translates one driver argument (from the command line or a native-image.properties Args) into builder options. */
    void translate(String arg, Iterator<String> rest, String origin) {
        if (arg.startsWith("-J")) {
            String option = arg.substring(2);
            if (option.startsWith("-Xmx")) {
                maxHeap = option.substring(4);
            } else {
                jvmArgs.add(option);
            }
        } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
            // Hosted options, and the defaults of runtime options (-R:+ExitOnOutOfMemoryError): the builder's own.
            builderArgs.add(arg);
        } else if (arg.startsWith("-D")) {
            jvmArgs.add(arg);
        } else if (arg.startsWith("--features=")) {
            builderArgs.add("-H:Features=" + value(arg));
        } else if (arg.equals("--no-fallback")) {
            builderArgs.add("-H:FallbackThreshold=0");
        } else if (arg.equals("--link-at-build-time")) {
            experimental("-H:LinkAtBuildTime=");
        } else if (arg.startsWith("--link-at-build-time=")) {
            experimental("-H:LinkAtBuildTime=" + value(arg));
        } else if (arg.startsWith("-march=")) {
            builderArgs.add("-H:MicroArchitecture=" + value(arg));
        } else if (arg.startsWith("--enable-url-protocols=")) {
            builderArgs.add("-H:EnableURLProtocols=" + value(arg));
        } else if (arg.equals("--enable-monitoring")) {
            builderArgs.add("-H:EnableMonitoringFeatures=default");
        } else if (arg.startsWith("--enable-monitoring=")) {
            builderArgs.add("-H:EnableMonitoringFeatures=" + value(arg));
        } else if (arg.startsWith("--enable-native-access=")) {
            builderArgs.add("-H:EnableNativeAccess=" + value(arg));
            jvmArgs.add(arg);
        } else if (arg.startsWith("--initialize-at-run-time=") || arg.startsWith("--initialize-at-build-time=")) {
            String kind = arg.startsWith("--initialize-at-run-time=") ? "run_time" : "build_time";
            List<String> entries = new ArrayList<>();
            for (String name : value(arg).split(",")) {
                if (!name.isBlank()) {
                    entries.add(name.trim() + ":" + kind);
                }
            }
            if (!entries.isEmpty()) {
                builderArgs.add("-H:ClassInitialization=" + String.join(",", entries));
            }
        } else if (arg.startsWith("--add-opens=") || arg.startsWith("--add-exports=")) {
            jvmArgs.add(arg);
            builderArgs.add((arg.startsWith("--add-opens=") ? "-H:AddOpens=" : "-H:AddExports=") + value(arg));
        } else if (arg.equals("--exclude-config")) {
            excludeConfigs.add(new String[] {next(rest, arg), next(rest, arg)});
        } else if (arg.equals("-jar")) {
            jar = next(rest, arg);
        } else if (arg.equals("-o")) {
            positional.add(next(rest, arg));
        } else if (arg.startsWith("-")) {
            throw new IllegalArgumentException("native/check's driver does not translate the native-image option '"
                    + arg + "' (from " + origin + "); teach native/builder/NativeImageDriver.java what it means");
        } else {
            positional.add(arg);
        }
    }

    void experimental(String option) {
        builderArgs.add("-H:+UnlockExperimentalVMOptions");
        builderArgs.add(option);
        builderArgs.add("-H:-UnlockExperimentalVMOptions");
    }

    static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    static String next(Iterator<String> rest, String option) {
        if (!rest.hasNext()) {
            throw new IllegalArgumentException(option + " needs an argument");
        }
        return rest.next();
    }

    /** Handles one class path entry's META-INF/native-image; returns how many configuration files it passed on. */
    int metaInf(Path entry) throws IOException {
        int count = 0;
        if (Files.isDirectory(entry)) {
            Path root = entry.resolve("META-INF/native-image");
            if (!Files.isDirectory(root)) {
                return 0;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String resource = entry.relativize(file).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(file)) {
                    count += metaInfFile(entry, resource, in);
                }
            }
            return count;
        }
        try (JarFile jarFile = new JarFile(entry.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            for (Enumeration<JarEntry> e = jarFile.entries(); e.hasMoreElements();) {
                JarEntry je = e.nextElement();
                if (!je.isDirectory() && je.getName().startsWith("META-INF/native-image/")) {
                    entries.add(je);
                }
            }
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (JarEntry je : entries) {
                try (InputStream in = jarFile.getInputStream(je)) {
                    count += metaInfFile(entry, je.getName(), in);
                }
            }
        }
        return count;
    }

    int metaInfFile(Path entry, String resource, InputStream in) throws IOException {
        String fileName = resource.substring(resource.lastIndexOf('/') + 1);
        if (fileName.equals("native-image.properties")) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            String origin = entry.getFileName() + "!/" + resource;
            for (String key : properties.stringPropertyNames()) {
                if (!Set.of("Args", "JavaArgs", "ImageName").contains(key)) {
                    throw new IllegalArgumentException("native/check's driver does not know '" + key + "' in " + origin);
                }
            }
            String dir = resource.substring(0, resource.lastIndexOf('/'));
            for (String arg : split(properties.getProperty("Args", ""), dir)) {
                translate(arg, List.<String>of().iterator(), origin);
            }
            for (String arg : split(properties.getProperty("JavaArgs", ""), dir)) {
                jvmArgs.add(arg);
            }
            return 0;
        }
        String option = CONFIG_FILES.get(fileName);
        if (option == null) {
            return 0;
        }
        for (String[] exclude : excludeConfigs) {
            if (Pattern.compile(exclude[0]).matcher(entry.toString()).find()
                    && Pattern.compile(exclude[1]).matcher("/" + resource).find()) {
                return 0;
            }
        }
        experimental("-H:" + option + "=" + resource);
        return 1;
    }

    /** Splits an Args value on white space, expanding ${.} (the directory of the properties file). */
    static List<String> split(String args, String dir) {
        List<String> out = new ArrayList<>();
        for (String arg : args.trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                out.add(arg.replace("${.}", dir));
            }
        }
        return out;
    }

    /** Quotes one argument for a java launcher argument file. */
    static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
