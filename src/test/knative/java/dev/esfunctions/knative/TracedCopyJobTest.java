package dev.esfunctions.knative;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.Spans;
import dev.esfunctions.TestCluster;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A copy job traced on Knative: the first step's CloudEvent carries the caller's {@code traceparent}, each reply
 * carries its own step's, and fed back as the Broker feeds it the job is one trace, each step the child of the step
 * before, each with its copy and the copy's requests to the cluster under it.
 */
@QuarkusTest
@TestProfile(TracedCopyJobTest.Traced.class)
class TracedCopyJobTest {

    private static final String SOURCE = "knative-traced-source";
    private static final String TARGET = "knative-traced-target";
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER = "b7ad6b7169203331";

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "0.05s");
        }
    }

    @Inject
    TestCluster cluster;

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void theStepsOfAJobAreOneTrace() {
        cluster.recreateIndex(SOURCE, "{}");
        cluster.bulkIndex(SOURCE, 30, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex(TARGET);
        exporter.reset();
        String type = "dev.esfunctions.copy.job";
        String data = "{\"copy\": {\"index\": \"" + SOURCE + "\", \"target\": \"" + TARGET + "\", \"size\": 10, "
                + "\"maxDurationMs\": 1}}";
        String traceparent = "00-" + TRACE + "-" + CALLER + "-01";
        List<String> parents = new ArrayList<>();
        while (type.equals("dev.esfunctions.copy.job") && parents.size() < 20) {
            parents.add(traceparent.split("-")[2]);
            Response reply = given().contentType(ContentType.JSON).header("ce-specversion", "1.0")
                    .header("ce-id", "step-" + parents.size()).header("ce-source", "/etl/job").header("ce-type", type)
                    .header("ce-traceparent", traceparent).body(data).post("/");
            assertEquals(200, reply.statusCode(), reply.asString());
            traceparent = reply.header("ce-traceparent");
            assertTrue(traceparent != null && traceparent.startsWith("00-" + TRACE + "-"),
                    "the reply continues the job's trace: " + traceparent);
            type = reply.header("ce-type");
            data = reply.asString();
        }
        assertEquals("dev.esfunctions.copy.job.done", type);
        int steps = parents.size();
        assertTrue(steps > 1, "a small maxDurationMs takes the job several steps: " + steps);

        List<SpanData> spans = Spans.awaited(exporter, all -> all.stream()
                .filter(span -> span.getName().equals("copyJob")).count() == steps
                && all.stream().filter(span -> span.getName().equals("copy")).count() == steps);
        String tree = Spans.describe(spans);
        List<SpanData> jobSteps = spans.stream().filter(span -> span.getName().equals("copyJob"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        for (int step = 0; step < steps; step++) {
            SpanData job = jobSteps.get(step);
            assertEquals(TRACE, job.getTraceId(), tree);
            assertEquals(parents.get(step), job.getParentSpanId(), "each step is the child of the one before:\n"
                    + tree);
            SpanData copy = Spans.children(spans, job).stream().filter(span -> span.getName().equals("copy"))
                    .findFirst().orElseThrow(() -> new AssertionError("no copy under the step:\n" + tree));
            assertEquals(TARGET, copy.getAttributes().get(AttributeKey.stringKey("esfunctions.target")), tree);
            assertTrue(Spans.children(spans, copy).stream().anyMatch(span -> span.getKind() == SpanKind.CLIENT),
                    "the copy's requests are its children:\n" + tree);
        }
        assertEquals(30L, jobSteps.stream().mapToLong(job -> Spans.children(spans, job).stream()
                .filter(span -> span.getName().equals("copy")).mapToLong(copy -> copy.getAttributes()
                        .get(AttributeKey.longKey("esfunctions.result.written"))).sum()).sum(), tree);
    }
}
