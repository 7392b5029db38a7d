package dev.esfunctions.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The CPU time a process has spent, and the parts of it its JIT compilers and its garbage collector spent, read from
 * {@code /proc}: the benchmark reads the function's from outside, the Java peer its own, so that both are counted
 * alike.
 */
public record ProcessCpu(long millis, long jitMillis, long gcMillis) {

    /** The rest, the process's work: what it would spend once its compilers had nothing left to compile. */
    public long workMillis() {
        return millis - jitMillis;
    }

    /** What the process {@code pid} has spent so far (user plus system). */
    public static ProcessCpu of(long pid) {
        Path process = Path.of("/proc", Long.toString(pid));
        long jit = 0;
        long gc = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path thread : threads) {
                // HotSpot names them "C1 CompilerThread0" and "C2 CompilerThread0", cut to Linux's 15 characters.
                // With two cores there is one of each, for the life of the JVM: a compiler thread that ended would
                // take its time out of this sum, not out of the process's.
                String name = read(thread.resolve("comm"));
                if (name != null && name.startsWith("C") && name.contains("CompilerThre")) {
                    jit += threadTicks(thread);
                } else if (name != null && collects(name)) {
                    gc += threadTicks(thread);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String stat = read(process.resolve("stat"));
        if (stat == null) {
            throw new IllegalStateException("process " + pid + " has ended");
        }
        return new ProcessCpu(ticks(stat) * 10, jit * 10, gc * 10);
    }

    /** The time spent since {@code before}. */
    public ProcessCpu since(ProcessCpu before) {
        return new ProcessCpu(millis - before.millis, jitMillis - before.jitMillis, gcMillis - before.gcMillis);
    }

    /**
     * Whether a thread of that name collects garbage: the serial collector collects on the VM thread (which also runs
     * the few other operations that stop the world, a deoptimization, say), the parallel collector and G1 on threads
     * of their own ("GC Thread#0"; G1's "G1 Conc#0", "G1 Refine#0", "G1 Main Marker", "G1 Service").
     */
    private static boolean collects(String name) {
        return name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ");
    }

    private static long threadTicks(Path thread) {
        String stat = read(thread.resolve("stat"));
        return stat == null ? 0 : ticks(stat);
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
