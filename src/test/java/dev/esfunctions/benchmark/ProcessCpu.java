package dev.esfunctions.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The CPU time a process has spent, and the part of it its JIT compilers spent, read from {@code /proc}: the
 * benchmark reads the function's from outside, the Java peer its own, so that both are counted alike.
 */
public record ProcessCpu(long millis, long jitMillis) {

    /** The rest, the process's work: what it would spend once its compilers had nothing left to compile. */
    public long workMillis() {
        return millis - jitMillis;
    }

    /** What the process {@code pid} has spent so far (user plus system). */
    public static ProcessCpu of(long pid) {
        Path process = Path.of("/proc", Long.toString(pid));
        long jit = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path thread : threads) {
                // HotSpot names them "C1 CompilerThread0" and "C2 CompilerThread0", cut to Linux's 15 characters.
                // With two cores there is one of each, for the life of the JVM: a compiler thread that ended would
                // take its time out of this sum, not out of the process's.
                String name = read(thread.resolve("comm"));
                if (name != null && name.startsWith("C") && name.contains("CompilerThre")) {
                    String stat = read(thread.resolve("stat"));
                    jit += stat == null ? 0 : ticks(stat);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String stat = read(process.resolve("stat"));
        if (stat == null) {
            throw new IllegalStateException("process " + pid + " has ended");
        }
        return new ProcessCpu(ticks(stat) * 10, jit * 10);
    }

    /** The time spent since {@code before}. */
    public ProcessCpu since(ProcessCpu before) {
        return new ProcessCpu(millis - before.millis, jitMillis - before.jitMillis);
    }

    /**
     * Fields 14 and 15 of a stat line, user and system time in clock ticks (100 a second on every architecture this
     * runs on). The command name, field 2, may hold spaces: fields are counted from after its closing parenthesis.
     */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The file's text, or null if its thread ended since the directory was listed. */
    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
