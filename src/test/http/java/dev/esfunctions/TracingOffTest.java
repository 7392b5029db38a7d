package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.junit.jupiter.api.Test;

import io.smallrye.context.SmallRyeThreadContext;
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

    /**
     * Mutiny restores the default thread context's providers around every item of every stage: the call's own, and
     * not OpenTelemetry's, whose trace CallContext carries where tracing is on.
     */
    @Test
    void theStagesOfAPipelineRestoreOneContextOfOurs() {
        Set<String> propagated = SmallRyeThreadContext.getCurrentThreadContextOrDefaultContexts().getPlan()
                .propagatedProviders.stream().map(ThreadContextProvider::getThreadContextType)
                .collect(Collectors.toSet());
        assertTrue(propagated.contains("es-functions-call"), propagated.toString());
        assertFalse(propagated.contains("OpenTelemetry"), propagated.toString());
    }
}
