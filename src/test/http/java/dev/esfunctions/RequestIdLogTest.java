package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Every line a request logs, on whichever thread, carries that request's id. */
@QuarkusTest
@TestProfile(RequestIdLogTest.Debug.class)
class RequestIdLogTest {

    public static class Debug implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"dev.esfunctions.elasticsearch\".level", "DEBUG");
        }
    }

    @Inject
    TestCluster cluster;

    @Test
    void linesOfOneRequestShareItsIdAndOtherRequestsHaveTheirOwn() {
        cluster.recreateIndex("request-ids", "{}");
        List<ExtLogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().startsWith("dev.esfunctions") && record instanceof ExtLogRecord ext) {
                    // The MDC is read lazily from the logging thread unless copied now.
                    ext.copyMdc();
                    synchronized (records) {
                        records.add(ext);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try {
            String docs = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "{\"_id\": \"" + i + "\"}")
                    .collect(Collectors.joining(","));
            given().contentType(ContentType.JSON)
                    .body("{\"index\": \"request-ids\", \"batchSize\": 100, \"docs\": [" + docs + "]}").post("/upsert")
                    .then().statusCode(200);
            given().contentType(ContentType.JSON)
                    .body("{\"index\": \"request-ids\", \"query\": {\"match_all\": {}}, \"allowMatchAll\": true}")
                    .post("/delete").then().statusCode(200);
        } finally {
            Logger.getLogger("").removeHandler(capture);
            Logger.getLogger("dev.esfunctions.elasticsearch").setLevel(Level.INFO);
        }
        synchronized (records) {
            assertTrue(records.size() >= 4, "the bulk requests were logged: " + records.size());
            List<String> ids = records.stream().map(r -> r.getMdc("requestId")).distinct().toList();
            assertTrue(ids.stream().allMatch(id -> id != null && !id.isEmpty()), "every line has a request id: "
                    + records.stream().map(r -> r.getThreadName() + " " + r.getMdc("requestId") + " " + r.getFormattedMessage())
                            .collect(Collectors.joining("\n")));
            assertEquals(2, ids.size(), "two requests, two ids");
        }
    }
}
