package dev.esfunctions.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
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

/**
 * Tracing on, on Lambda: the invocation's X-Ray trace header is the parent of the call's span, and the call's
 * requests to the cluster are its children.
 */
@QuarkusTest
@TestProfile(TracedLambdaTest.TracedUpsert.class)
class TracedLambdaTest {

    private static final String XRAY = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    public static class TracedUpsert implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "upsert", "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "0.05s");
        }
    }

    @Inject
    TestCluster cluster;

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void theXRayHeaderIsTheParentOfTheCall() {
        cluster.deleteIndex("lambda-traced");
        exporter.reset();
        // Quarkus's mock event server hands the runtime, as Lambda-Runtime-Trace-Id, the value the event was posted
        // with as Lambda-Runtime-Aws-Request-Id (its own request id when none): the only way to give it a trace header.
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        given().baseUri("http://localhost").port(port).contentType(ContentType.JSON)
                .header("Lambda-Runtime-Aws-Request-Id", XRAY)
                .body("{\"index\": \"lambda-traced\", \"docs\": [{\"_id\": \"1\", \"name\": \"laptop\"}]}")
                .post("/_lambda_").then().statusCode(200);
        List<SpanData> spans = Spans.awaited(exporter, all -> all.stream()
                .anyMatch(span -> span.getName().equals("upsert")));
        String tree = Spans.describe(spans);
        SpanData upsert = Spans.named(spans, "5759e988bd862e3fe1be46a994272793", "upsert");
        assertEquals("53995c3f42cd8ad8", upsert.getParentSpanId(), tree);
        assertEquals(SpanKind.SERVER, upsert.getKind(), tree);
        assertEquals(1L, upsert.getAttributes().get(AttributeKey.longKey("esfunctions.result.succeeded")), tree);
        assertTrue(Spans.children(spans, upsert).stream().anyMatch(span -> span.getName().equals("POST /{index}/_bulk")
                && span.getKind() == SpanKind.CLIENT), tree);
    }
}
