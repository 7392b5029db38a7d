package dev.esfunctions;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans the application under test exports, kept in memory: Quarkus exports to every {@code SpanExporter} bean
 * where tracing is on (the tests that turn it on set {@code quarkus.otel.sdk.disabled=false}); elsewhere none is made.
 */
public class Spans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    /** The spans exported once {@code done} holds of them, waiting for the batch processor to export them. */
    public static List<SpanData> awaited(InMemorySpanExporter exporter, Predicate<List<SpanData>> done) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test(exporter.getFinishedSpanItems())) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the spans expected were not exported: " + describe(
                        exporter.getFinishedSpanItems()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return exporter.getFinishedSpanItems();
    }

    /** The span named {@code name} in {@code trace}. */
    public static SpanData named(List<SpanData> spans, String trace, String name) {
        return spans.stream().filter(span -> span.getTraceId().equals(trace) && span.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " in " + describe(spans)));
    }

    /** The spans whose parent is {@code parent}. */
    public static List<SpanData> children(List<SpanData> spans, SpanData parent) {
        return spans.stream().filter(span -> span.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    /** Every attribute value of every span that contains one of {@code secrets}: none should. */
    public static List<String> leaking(List<SpanData> spans, List<String> secrets) {
        return spans.stream().flatMap(span -> span.getAttributes().asMap().entrySet().stream()
                .filter(attribute -> secrets.stream().anyMatch(secret ->
                        Objects.toString(attribute.getValue()).contains(secret)))
                .map(attribute -> span.getName() + " " + attribute.getKey() + "=" + attribute.getValue()))
                .toList();
    }

    /** The spans as a tree, one a line, indented under their parent: for a failure's message and the README. */
    public static String describe(List<SpanData> spans) {
        return spans.stream().filter(span -> spans.stream().noneMatch(p -> p.getSpanId().equals(span.getParentSpanId())))
                .map(root -> tree(spans, root, "")).collect(Collectors.joining());
    }

    private static String tree(List<SpanData> spans, SpanData span, String indent) {
        StringBuilder line = new StringBuilder(indent).append(span.getName()).append(" [").append(span.getKind())
                .append(" trace ").append(span.getTraceId()).append(" span ").append(span.getSpanId())
                .append(" parent ").append(span.getParentSpanId()).append("] ").append(span.getAttributes().asMap())
                .append('\n');
        spans.stream().filter(child -> child.getParentSpanId().equals(span.getSpanId()))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .forEach(child -> line.append(tree(spans, child, indent + "  ")));
        return line.toString();
    }
}
