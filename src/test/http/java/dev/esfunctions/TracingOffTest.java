package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Tracing is off unless turned on: a call makes no span, no exporter thread runs, and nothing of a trace reaches the
 * call's log lines (the default configuration, as deployed).
 */
@QuarkusTest
class TracingOffTest {

    @Inject
    TestCluster cluster;

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void noSpanNoExporterThread() throws InterruptedException {
        cluster.recreateIndex("tracing-off", "{}");
        given().contentType(ContentType.JSON).header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .body("{\"index\": \"tracing-off\", \"docs\": [{\"_id\": \"1\"}]}").post("/upsert")
                .then().statusCode(200);
        Thread.sleep(200);
        assertEquals(List.of(), exporter.getFinishedSpanItems());
        List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.contains("BatchSpanProcessor") || name.toLowerCase().contains("otlp")
                        || name.toLowerCase().contains("opentelemetry"))
                .toList();
        assertTrue(threads.isEmpty(), "no thread of OpenTelemetry's: " + threads);
    }
}
