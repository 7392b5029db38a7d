package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Tracing on, over HTTP: a call continues the caller's {@code traceparent}, its requests to the cluster are its
 * children and carry the trace to the cluster (a proxy in front of the node records what it receives), the call's log
 * lines carry the trace's ids, and no span records a document's value, a query's term, a cursor or a credential.
 */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
class TracingTest {

    static final String PASSWORD = "tracing-test-password-not-in-spans";
    static final String CURSOR_KEY = "dHJhY2luZy10ZXN0LWN1cnNvci1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";
    private static final String SOURCE = "tracing-source";
    private static final String TARGET = "tracing-target";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER = "00f067aa0ba902b7";

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxy,
                    "quarkus.elasticsearch.username", "tracing-user",
                    "quarkus.elasticsearch.password", PASSWORD,
                    "es-functions.cursor.key", CURSOR_KEY,
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "0.05s",
                    "quarkus.log.category.\"dev.esfunctions\".level", "DEBUG");
        }
    }

    @Inject
    TestCluster cluster;

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void aCopyContinuesTheCallersTraceAndCarriesItToTheCluster() {
        cluster.recreateIndex(SOURCE, "{}");
        cluster.deleteIndex(TARGET);
        List<String> values = List.of("value-of-a-document-1f2e", "value-of-a-document-3d4c", "query-term-5b6a");
        String docs = values.stream().limit(2).map(value -> "{\"_id\": \"" + value.hashCode() + "\", \"name\": \""
                + value + "\"}").collect(Collectors.joining(","));
        given().contentType(ContentType.JSON).body("{\"index\": \"" + SOURCE + "\", \"refresh\": \"true\", \"docs\": ["
                + docs + "]}").post("/upsert").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"index\": \"" + SOURCE + "\", \"query\": {\"match\": "
                + "{\"name\": \"" + values.get(2) + "\"}}}").post("/search").then().statusCode(200);
        String cursor = given().contentType(ContentType.JSON).body("{\"index\": \"" + SOURCE + "\", \"size\": 1}")
                .post("/scan").then().statusCode(200).extract().path("cursor");
        exporter.reset();
        FaultInjectingProxy.reset();
        List<ExtLogRecord> records;
        try (LogCapture capture = LogCapture.start()) {
            given().contentType(ContentType.JSON).header("traceparent", "00-" + TRACE + "-" + CALLER + "-01")
                    .body("{\"index\": \"" + SOURCE + "\", \"target\": \"" + TARGET + "\", \"refresh\": true}")
                    .post("/copy").then().statusCode(200);
            records = capture.records().stream().filter(r -> r.getLoggerName().startsWith("dev.esfunctions"))
                    .toList();
        }

        // The server span ends when the answer is written, after the call's span: wait for the call's parent too.
        List<SpanData> spans = Spans.awaited(exporter, all -> all.stream()
                .filter(span -> span.getName().equals("copy"))
                .anyMatch(copy -> copy.getParentSpanId().equals(CALLER) || all.stream()
                        .anyMatch(span -> span.getSpanId().equals(copy.getParentSpanId()))));
        SpanData copy = Spans.named(spans, TRACE, "copy");
        String tree = Spans.describe(spans);
        SpanData server = spans.stream().filter(span -> span.getSpanId().equals(copy.getParentSpanId())).findFirst()
                .orElse(null);
        assertTrue(copy.getParentSpanId().equals(CALLER)
                || server != null && server.getKind() == SpanKind.SERVER && server.getParentSpanId().equals(CALLER),
                "the call is a child of the caller's span, or of the server span that received it:\n" + tree);
        assertEquals(SOURCE, copy.getAttributes().asMap().get(io.opentelemetry.api.common.AttributeKey
                .stringKey("esfunctions.index")), tree);
        Map<String, Object> attributes = attributes(copy);
        assertEquals(TARGET, attributes.get("esfunctions.target"));
        assertEquals("success", attributes.get("esfunctions.outcome"));
        assertEquals(2L, attributes.get("esfunctions.result.read"), tree);
        assertEquals(2L, attributes.get("esfunctions.result.written"), tree);

        List<SpanData> requests = Spans.children(spans, copy);
        assertTrue(requests.size() >= 3, "the point-in-time, its pages, the bulk write: " + tree);
        assertTrue(requests.stream().allMatch(span -> span.getKind() == SpanKind.CLIENT), tree);
        SpanData bulk = requests.stream().filter(span -> span.getName().equals("POST /{index}/_bulk")).findFirst()
                .orElseThrow(() -> new AssertionError("no bulk request under the copy:\n" + tree));
        Map<String, Object> sent = attributes(bulk);
        assertEquals(TARGET, sent.get("elasticsearch.path_parts.index"));
        assertEquals("/{index}/_bulk", sent.get("url.template"));
        assertEquals(200L, sent.get("http.response.status_code"));
        assertEquals(0L, sent.get("esfunctions.cluster.retries"));
        assertTrue((Long) sent.get("http.request.body.size") > 0, tree);
        assertEquals("elasticsearch", sent.get("db.system.name"), tree);

        Set<String> clientSpans = requests.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        List<String> received = List.copyOf(FaultInjectingProxy.traceparents());
        assertEquals(requests.size(), received.size(), "every request carried its trace: " + received + "\n" + tree);
        assertTrue(received.stream().allMatch(header -> header.startsWith("00-" + TRACE + "-")
                && clientSpans.contains(header.split("-")[2])), "the cluster received each request's own span: "
                        + received + "\n" + tree);

        List<String> leaks = Spans.leaking(exporter.getFinishedSpanItems(), secrets(values, cursor));
        assertTrue(leaks.isEmpty(), "no span records a document, a query, a cursor or a credential: " + leaks);

        assertFalse(records.isEmpty(), "the copy's requests were logged");
        assertTrue(records.stream().allMatch(r -> TRACE.equals(r.getMdc("traceId")) && r.getMdc("spanId") != null
                && r.getMdc("requestId") != null), "every line of the call carries its trace, span and request id: "
                        + records.stream().map(r -> r.getThreadName() + " " + r.getMdc("requestId") + " "
                                + r.getMdc("traceId") + " " + r.getFormattedMessage())
                                .collect(Collectors.joining("\n")));
    }

    @Test
    void aFailedCallAndItsRefusedRequestAreErrorsWithTheirTypes() {
        exporter.reset();
        given().contentType(ContentType.JSON).body("{\"index\": \"tracing-missing\", \"query\": {\"match_all\": {}}}")
                .post("/search").then().statusCode(404);
        List<SpanData> spans = Spans.awaited(exporter, all -> all.stream()
                .anyMatch(span -> span.getName().equals("search")));
        SpanData search = spans.stream().filter(span -> span.getName().equals("search")).findFirst().orElseThrow();
        String tree = Spans.describe(spans);
        assertEquals(StatusCode.ERROR, search.getStatus().getStatusCode(), tree);
        assertEquals("error", attributes(search).get("esfunctions.outcome"));
        assertEquals("index_not_found_exception", attributes(search).get("error.type"), tree);
        SpanData request = Spans.children(spans, search).get(0);
        assertEquals(404L, attributes(request).get("http.response.status_code"), tree);
        assertEquals("answered", attributes(request).get("esfunctions.cluster.fate"), tree);
    }

    private static List<String> secrets(List<String> values, String cursor) {
        List<String> secrets = new java.util.ArrayList<>(values);
        secrets.addAll(List.of(PASSWORD, CURSOR_KEY, cursor, "tracing-user"));
        return secrets;
    }

    private static Map<String, Object> attributes(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().getKey(), Map.Entry::getValue));
    }
}
